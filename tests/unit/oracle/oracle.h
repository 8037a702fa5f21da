/*
 * The objdump oracle for the decoder (issue 3): every one-byte, 0F, 0F 38
 * and 0F 3A opcode with all 256 ModRM values, with and without each prefix
 * class, plus seeded random byte strings, in 16- and 32-bit code; our
 * length, validity, mnemonic and operand shape against GNU objdump's.
 */
#ifndef ORACLE_H
#define ORACLE_H

#include <stdint.h>
#include <stdio.h>
#include <vmxassist/decode.h>

#define CASE_BYTES 20           /* bytes generated per case */

/* A test case: its bytes are a pure function of (mode, index). */
struct tcase {
    unsigned char bytes[CASE_BYTES];
    unsigned n;
};

/* What objdump said about the bytes at one offset. */
struct dump {
    int present;                /* a line started exactly there */
    int invalid;                /* "(bad)" or a prefix-only line */
    unsigned len;
    char text[160];
};

/* cases.c */
unsigned long case_count(unsigned long nrandom);
void case_make(struct tcase *c, int def32, unsigned long k, unsigned long nrandom);

/* objdump.c: run objdump on `path` and call `fn` for each instruction line. */
typedef void (*dump_line_fn)(void *ctx, unsigned long off, const struct dump *d);
int objdump_run(const char *path, int def32, dump_line_fn fn, void *ctx);

/* shape.c: compare our rendering with objdump's text. */
int same_mnemonic(const char *ours, const char *theirs);
int same_shape(const char *ours, const char *theirs);
const char *mnemonic_of(const char *text, char *buf, unsigned size);
int prefix_only(const char *text);

/* differences.c: the documented deliberate differences (DIFFERENCES). */
enum verdict { V_MATCH, V_DIFF_LEN, V_DIFF_VALID, V_DIFF_NAME, V_DIFF_SHAPE };
const char *difference_class(const struct insn *in, const struct tcase *c,
                             const struct dump *d, enum verdict v);
#endif
