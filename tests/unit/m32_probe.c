/* Exits 0 if the machine runs 32-bit programs (tests/unit/engine-oracle-run). */
int main(void)
{
    return 0;
}
