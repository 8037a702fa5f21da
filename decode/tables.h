/* Tables shared between the decoder and its tests. */
#ifndef DECODE_TABLES_H
#define DECODE_TABLES_H

#include <vmxassist/decode.h>

enum opcode_group {
    GRP_NONE, GRP1, GRP1A, GRP2, GRP3B, GRP3V, GRP4, GRP5, GRP6, GRP7, GRP8,
    GRP9, GRP11, GRP_COUNT
};

extern const struct opcode_desc x86_onebyte[256];
extern const struct opcode_desc x86_twobyte[256];
extern const struct opcode_desc x86_groups[GRP_COUNT][8];

#endif
