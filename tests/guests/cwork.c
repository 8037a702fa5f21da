/* cwork.c - a little compiler-generated work for the prefix guest
 * (pattern 12).  Built twice: with gcc -m16 (the prefix-dense real-mode
 * code SeaBIOS and SeaVGABIOS are made of: 66/67 on almost every
 * instruction, 32-bit calls and returns, ESP as the stack pointer) as
 * CWORK = cwork16, and with gcc -m32 as CWORK = cwork32, the oracle the
 * guest compares it with.  It uses what such code is full of: structures
 * on the stack and their copies, a switch compiled to a jump table, calls
 * through function pointers, 64-bit multiplies and shifts, signed
 * division by constants, bit fields, byte and word accesses, loops. */

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned long long u64;

struct item {
    u16 key;
    u8 tag;
    signed char delta;
    u32 value;
    unsigned flag : 1, level : 5, rest : 26;
};

/* gcc may turn structure copies and clears into calls to these. */
static void *memcpy(void *dst, const void *src, unsigned n) __attribute__((used));
static void *memset(void *dst, int c, unsigned n) __attribute__((used));

static void *memcpy(void *dst, const void *src, unsigned n)
{
    u8 *d = dst;
    const u8 *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

static void *memset(void *dst, int c, unsigned n)
{
    u8 *d = dst;
    while (n--)
        *d++ = (u8)c;
    return dst;
}

static u32 step(u32 x)
{
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

static u32 op_add(u32 a, u32 b) { return a + b; }
static u32 op_xor(u32 a, u32 b) { return a ^ (b >> 3); }
static u32 op_mul(u32 a, u32 b) { return a * (b | 1); }
static u32 op_rot(u32 a, u32 b) { return (a << (b & 31)) | (a >> ((32 - (b & 31)) & 31)); }

static u32 (*const ops[4])(u32, u32) = { op_add, op_xor, op_mul, op_rot };

static u32 classify(u32 v)
{
    switch (v % 11) {
    case 0: return v + 17;
    case 1: return v ^ 0x5555;
    case 2: return v >> 2;
    case 3: return v * 3;
    case 4: return ~v;
    case 5: return v - 1000;
    case 6: return (v << 7) | 1;
    case 7: return v & 0xfff0fff0;
    case 8: return v | 0x80000001;
    case 9: return (u32)((int)v / 7);
    default: return v + (v >> 16);
    }
}

static void sort_items(struct item *it, int n)
{
    for (int i = 1; i < n; i++) {
        struct item cur = it[i];
        int j = i - 1;
        while (j >= 0 && (it[j].key > cur.key ||
                          (it[j].key == cur.key && it[j].value > cur.value))) {
            it[j + 1] = it[j];
            j--;
        }
        it[j + 1] = cur;
    }
}

u32 CWORK(u32 seed);
u32 CWORK(u32 seed)
{
    struct item items[13];
    u8 bytes[64];
    u32 x = seed | 1, sum = 0x811c9dc5;
    u64 wide = seed;

    memset(items, 0, sizeof(items));
    for (int i = 0; i < 13; i++) {
        x = step(x);
        items[i].key = (u16)(x % 50);
        items[i].tag = (u8)(x >> 8);
        items[i].delta = (signed char)(x >> 16);
        items[i].value = classify(x);
        items[i].flag = x & 1;
        items[i].level = (x >> 3) & 31;
        items[i].rest = x >> 6;
    }
    sort_items(items, 13);
    for (int i = 0; i < 64; i++)
        bytes[i] = (u8)(step(x + (u32)i) >> (i & 7));
    for (int i = 0; i < 13; i++) {
        struct item it = items[i];
        sum = ops[it.key & 3](sum, it.value + (u32)it.delta);
        sum += (u32)it.tag * 0x01000193u + it.level + it.flag + it.rest;
        sum ^= (u32)bytes[(it.key + i) & 63] << (i & 15);
        wide = wide * 0x9e3779b97f4a7c15ull + sum;
        sum += (u32)(wide >> 29) + (u32)((long long)wide >> 61);
        sum -= (u32)((int)sum / 13 - (int)(sum % 1000u));
    }
    return sum ^ (u32)(wide >> 32);
}
