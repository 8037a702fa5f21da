/*
 * SSE/MMX opcodes: the SSE rows of the 0F map and the three-byte maps
 * 0F 38 and 0F 3A (non-VEX forms).  The assist executes none of them; the
 * decoder needs their length and validity, the renderer their names.
 * Each entry: mnemonics for no prefix / 66 / F3 / F2 ("": #UD), then the
 * operand form of each.  Facts from the Intel SDM vol. 2, tables.
 */
#include <vmxassist/decode.h>
#include "tables.h"
#include "shorthand.h"

/* Operand forms: reg class, r/m class, direction, immediate. */
#define XX   (SF_REG(SC_X) | SF_RM(SC_X))       /* xmm, xmm/m */
#define MM   (SF_REG(SC_M) | SF_RM(SC_M))       /* mm, mm/m */
#define XM   (SF_REG(SC_X) | SF_RM(SC_M))       /* xmm, mm/m */
#define MX   (SF_REG(SC_M) | SF_RM(SC_X))       /* mm, xmm/m */
#define XG   (SF_REG(SC_X) | SF_RM(SC_G))       /* xmm, r32/m */
#define MG   (SF_REG(SC_M) | SF_RM(SC_G))       /* mm, r32/m */
#define GX   (SF_REG(SC_G) | SF_RM(SC_X))       /* r32, xmm/m */
#define GM   (SF_REG(SC_G) | SF_RM(SC_M))       /* r32, mm/m */
#define GG   (SF_REG(SC_G) | SF_RM(SC_G))       /* r32, r32/m */
#define NX   (SF_REG(SC_N) | SF_RM(SC_X))       /* xmm (shift by imm) */
#define NM   (SF_REG(SC_N) | SF_RM(SC_M))       /* mm (shift by imm) */
#define ST   SF_STORE
#define IB   SF_IMM
#define MEM  SF_MEM
#define REG  SF_REGONLY

/* Shapes that repeat. */
/* The four mnemonics of an entry as one string, NUL-separated ("" = #UD):
 * one pointer per entry keeps the tables small.  Without names (the blob),
 * only whether each is "" or starts with '!' (tables.h: SIMD_COL_*). */
#ifdef DECODE_NO_NAMES
#define COL(a, col)          ((sizeof(a) > 1 ? SIMD_COL_VALID(col) : 0) | \
                              ((a)[0] == '!' ? SIMD_COL_AMD(col) : 0))
#define N4(a, b, c, d)       (COL(a, 0) | COL(b, 1) | COL(c, 2) | COL(d, 3))
#else
#define N4(a, b, c, d)       a "\0" b "\0" c "\0" d
#endif
#define ALL4(a, b, c, d, f)  { N4(a, b, c, d), { f, f, f, f } }
#define PSPD(a, b, f)        { N4(a, b, "", ""), { f, f, 0, 0 } }
#define MMXSSE(a)            { N4(a, a, "", ""), { MM, XX, 0, 0 } }
#define ONLY66(a, f)         { N4("", a, "", ""), { 0, f, 0, 0 } }
#define ONLYNP(a, f)         { N4(a, "", "", ""), { f, 0, 0, 0 } }
#define ARITH(n)             { N4(n "ps", n "pd", n "ss", n "sd"), { XX, XX, XX, XX } }

const struct simd_desc x86_simd_0f[S_0F_COUNT] = {
    [S0F(0x10)] = ALL4("movups", "movupd", "movss", "movsd", XX),
    [S0F(0x11)] = ALL4("movups", "movupd", "movss", "movsd", XX | ST),
    [S0F(0x12)] = { N4("movlps", "movlpd", "movsldup", "movddup"), { XX | MEM, XX | MEM, XX, XX } },
    [S0F(0x13)] = PSPD("movlps", "movlpd", XX | ST | MEM),
    [S0F(0x14)] = PSPD("unpcklps", "unpcklpd", XX),
    [S0F(0x15)] = PSPD("unpckhps", "unpckhpd", XX),
    [S0F(0x16)] = { N4("movhps", "movhpd", "movshdup", ""), { XX | MEM, XX | MEM, XX, 0 } },
    [S0F(0x17)] = PSPD("movhps", "movhpd", XX | ST | MEM),
    [S_MOVHLPS] = { N4("movhlps", "", "movsldup", "movddup"), { XX, 0, XX, XX } },
    [S_MOVLHPS] = { N4("movlhps", "", "movshdup", ""), { XX, 0, XX, 0 } },
    [S0F(0x28)] = PSPD("movaps", "movapd", XX),
    [S0F(0x29)] = PSPD("movaps", "movapd", XX | ST),
    [S0F(0x2A)] = { N4("cvtpi2ps", "cvtpi2pd", "cvtsi2ss", "cvtsi2sd"), { XM, XM, XG, XG } },
    /* F3/F2 0F 2B are AMD's MOVNTSS/MOVNTSD (SSE4a): a name starting
     * with '!' is an AMD-only variant, #UD on Intel. */
    [S0F(0x2B)] = { N4("movntps", "movntpd", "!movntss", "!movntsd"),
                    { XX | ST | MEM, XX | ST | MEM, 0, 0 } },
    [S0F(0x2C)] = { N4("cvttps2pi", "cvttpd2pi", "cvttss2si", "cvttsd2si"), { MX, MX, GX, GX } },
    [S0F(0x2D)] = { N4("cvtps2pi", "cvtpd2pi", "cvtss2si", "cvtsd2si"), { MX, MX, GX, GX } },
    [S0F(0x2E)] = PSPD("ucomiss", "ucomisd", XX),
    [S0F(0x2F)] = PSPD("comiss", "comisd", XX),
    [S0F(0x50)] = PSPD("movmskps", "movmskpd", GX | REG),
    [S0F(0x51)] = ARITH("sqrt"),
    [S0F(0x52)] = { N4("rsqrtps", "", "rsqrtss", ""), { XX, 0, XX, 0 } },
    [S0F(0x53)] = { N4("rcpps", "", "rcpss", ""), { XX, 0, XX, 0 } },
    [S0F(0x54)] = PSPD("andps", "andpd", XX),
    [S0F(0x55)] = PSPD("andnps", "andnpd", XX),
    [S0F(0x56)] = PSPD("orps", "orpd", XX),
    [S0F(0x57)] = PSPD("xorps", "xorpd", XX),
    [S0F(0x58)] = ARITH("add"),
    [S0F(0x59)] = ARITH("mul"),
    [S0F(0x5A)] = ALL4("cvtps2pd", "cvtpd2ps", "cvtss2sd", "cvtsd2ss", XX),
    [S0F(0x5B)] = { N4("cvtdq2ps", "cvtps2dq", "cvttps2dq", ""), { XX, XX, XX, 0 } },
    [S0F(0x5C)] = ARITH("sub"),
    [S0F(0x5D)] = ARITH("min"),
    [S0F(0x5E)] = ARITH("div"),
    [S0F(0x5F)] = ARITH("max"),
    [S0F(0x60)] = MMXSSE("punpcklbw"),
    [S0F(0x61)] = MMXSSE("punpcklwd"),
    [S0F(0x62)] = MMXSSE("punpckldq"),
    [S0F(0x63)] = MMXSSE("packsswb"),
    [S0F(0x64)] = MMXSSE("pcmpgtb"),
    [S0F(0x65)] = MMXSSE("pcmpgtw"),
    [S0F(0x66)] = MMXSSE("pcmpgtd"),
    [S0F(0x67)] = MMXSSE("packuswb"),
    [S0F(0x68)] = MMXSSE("punpckhbw"),
    [S0F(0x69)] = MMXSSE("punpckhwd"),
    [S0F(0x6A)] = MMXSSE("punpckhdq"),
    [S0F(0x6B)] = MMXSSE("packssdw"),
    [S0F(0x6C)] = ONLY66("punpcklqdq", XX),
    [S0F(0x6D)] = ONLY66("punpckhqdq", XX),
    [S0F(0x6E)] = { N4("movd", "movd", "", ""), { MG, XG, 0, 0 } },
    [S0F(0x6F)] = { N4("movq", "movdqa", "movdqu", ""), { MM, XX, XX, 0 } },
    [S0F(0x70)] = { N4("pshufw", "pshufd", "pshufhw", "pshuflw"), { MM | IB, XX | IB, XX | IB, XX | IB } },
    [S_PSRLW_I] = { N4("psrlw", "psrlw", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSRAW_I] = { N4("psraw", "psraw", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSLLW_I] = { N4("psllw", "psllw", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSRLD_I] = { N4("psrld", "psrld", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSRAD_I] = { N4("psrad", "psrad", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSLLD_I] = { N4("pslld", "pslld", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSRLQ_I] = { N4("psrlq", "psrlq", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSRLDQ_I] = { N4("", "psrldq", "", ""), { 0, NX | IB | REG } },
    [S_PSLLQ_I] = { N4("psllq", "psllq", "", ""), { NM | IB | REG, NX | IB | REG } },
    [S_PSLLDQ_I] = { N4("", "pslldq", "", ""), { 0, NX | IB | REG } },
    [S0F(0x74)] = MMXSSE("pcmpeqb"),
    [S0F(0x75)] = MMXSSE("pcmpeqw"),
    [S0F(0x76)] = MMXSSE("pcmpeqd"),
    [S0F(0x7C)] = { N4("", "haddpd", "", "haddps"), { 0, XX, 0, XX } },
    [S0F(0x7D)] = { N4("", "hsubpd", "", "hsubps"), { 0, XX, 0, XX } },
    [S0F(0x7E)] = { N4("movd", "movd", "movq", ""), { MG | ST, XG | ST, XX, 0 } },
    [S0F(0x7F)] = { N4("movq", "movdqa", "movdqu", ""), { MM | ST, XX | ST, XX | ST, 0 } },
    [S0F(0xC2)] = ALL4("cmpps", "cmppd", "cmpss", "cmpsd", XX | IB),
    [S0F(0xC4)] = { N4("pinsrw", "pinsrw", "", ""), { MG | IB, XG | IB } },
    [S0F(0xC5)] = { N4("pextrw", "pextrw", "", ""), { GM | IB | REG, GX | IB | REG } },
    [S0F(0xC6)] = PSPD("shufps", "shufpd", XX | IB),
    [S0F(0xD0)] = { N4("", "addsubpd", "", "addsubps"), { 0, XX, 0, XX } },
    [S0F(0xD1)] = MMXSSE("psrlw"),
    [S0F(0xD2)] = MMXSSE("psrld"),
    [S0F(0xD3)] = MMXSSE("psrlq"),
    [S0F(0xD4)] = MMXSSE("paddq"),
    [S0F(0xD5)] = MMXSSE("pmullw"),
    [S0F(0xD6)] = { N4("", "movq", "movq2dq", "movdq2q"), { 0, XX | ST, XM | REG, MX | REG } },
    /* objdump takes F2/F3 here as ignored prefixes (not as #UD) */
    [S0F(0xD7)] = { N4("pmovmskb", "pmovmskb", "pmovmskb", "pmovmskb"),
                    { GM | REG, GX | REG, GM | REG, GM | REG } },
    [S0F(0xD8)] = MMXSSE("psubusb"),
    [S0F(0xD9)] = MMXSSE("psubusw"),
    [S0F(0xDA)] = MMXSSE("pminub"),
    [S0F(0xDB)] = MMXSSE("pand"),
    [S0F(0xDC)] = MMXSSE("paddusb"),
    [S0F(0xDD)] = MMXSSE("paddusw"),
    [S0F(0xDE)] = MMXSSE("pmaxub"),
    [S0F(0xDF)] = MMXSSE("pandn"),
    [S0F(0xE0)] = MMXSSE("pavgb"),
    [S0F(0xE1)] = MMXSSE("psraw"),
    [S0F(0xE2)] = MMXSSE("psrad"),
    [S0F(0xE3)] = MMXSSE("pavgw"),
    [S0F(0xE4)] = MMXSSE("pmulhuw"),
    [S0F(0xE5)] = MMXSSE("pmulhw"),
    [S0F(0xE6)] = { N4("", "cvttpd2dq", "cvtdq2pd", "cvtpd2dq"), { 0, XX, XX, XX } },
    [S0F(0xE7)] = { N4("movntq", "movntdq", "", ""), { MM | ST | MEM, XX | ST | MEM } },
    [S0F(0xE8)] = MMXSSE("psubsb"),
    [S0F(0xE9)] = MMXSSE("psubsw"),
    [S0F(0xEA)] = MMXSSE("pminsw"),
    [S0F(0xEB)] = MMXSSE("por"),
    [S0F(0xEC)] = MMXSSE("paddsb"),
    [S0F(0xED)] = MMXSSE("paddsw"),
    [S0F(0xEE)] = MMXSSE("pmaxsw"),
    [S0F(0xEF)] = MMXSSE("pxor"),
    [S0F(0xF0)] = { N4("", "", "", "lddqu"), { 0, 0, 0, XX | MEM } },
    [S0F(0xF1)] = MMXSSE("psllw"),
    [S0F(0xF2)] = MMXSSE("pslld"),
    [S0F(0xF3)] = MMXSSE("psllq"),
    [S0F(0xF4)] = MMXSSE("pmuludq"),
    [S0F(0xF5)] = MMXSSE("pmaddwd"),
    [S0F(0xF6)] = MMXSSE("psadbw"),
    [S0F(0xF7)] = { N4("maskmovq", "maskmovdqu", "", ""), { MM | REG, XX | REG } },
    [S0F(0xF8)] = MMXSSE("psubb"),
    [S0F(0xF9)] = MMXSSE("psubw"),
    [S0F(0xFA)] = MMXSSE("psubd"),
    [S0F(0xFB)] = MMXSSE("psubq"),
    [S0F(0xFC)] = MMXSSE("paddb"),
    [S0F(0xFD)] = MMXSSE("paddw"),
    [S0F(0xFE)] = MMXSSE("paddd"),
};

/* 0F 38 xx: ModRM, no immediate. */
enum {
    T_NONE, T_PSHUFB, T_PHADDW, T_PHADDD, T_PHADDSW, T_PMADDUBSW, T_PHSUBW,
    T_PHSUBD, T_PHSUBSW, T_PSIGNB, T_PSIGNW, T_PSIGND, T_PMULHRSW, T_PBLENDVB,
    T_BLENDVPS, T_BLENDVPD, T_PTEST, T_PABSB, T_PABSW, T_PABSD, T_PMOVSXBW,
    T_PMOVSXBD, T_PMOVSXBQ, T_PMOVSXWD, T_PMOVSXWQ, T_PMOVSXDQ, T_PMULDQ,
    T_PCMPEQQ, T_MOVNTDQA, T_PACKUSDW, T_PMOVZXBW, T_PMOVZXBD, T_PMOVZXBQ,
    T_PMOVZXWD, T_PMOVZXWQ, T_PMOVZXDQ, T_PCMPGTQ, T_PMINSB, T_PMINSD,
    T_PMINUW, T_PMINUD, T_PMAXSB, T_PMAXSD, T_PMAXUW, T_PMAXUD, T_PMULLD,
    T_PHMINPOSUW, T_INVEPT, T_INVVPID, T_INVPCID, T_SHA1NEXTE, T_SHA1MSG1,
    T_SHA1MSG2, T_SHA256RNDS2, T_SHA256MSG1, T_SHA256MSG2, T_GF2P8MULB,
    T_AESIMC, T_AESENC, T_AESENCLAST, T_AESDEC, T_AESDECLAST, T_F0, T_F1,
    T_F5, T_F6, T_F8, T_F9, T_FC, T_AESENCWIDE128KL, T_AESDECWIDE128KL,
    T_AESENCWIDE256KL, T_AESDECWIDE256KL, T_LOADIWKEY, T_ENCODEKEY128, T_ENCODEKEY256, T_COUNT
};

const u8 x86_0f38_index[256] = {
    [0x00] = T_PSHUFB, T_PHADDW, T_PHADDD, T_PHADDSW, T_PMADDUBSW, T_PHSUBW,
    T_PHSUBD, T_PHSUBSW, T_PSIGNB, T_PSIGNW, T_PSIGND, T_PMULHRSW,
    [0x10] = T_PBLENDVB, [0x14] = T_BLENDVPS, T_BLENDVPD, [0x17] = T_PTEST,
    [0x1C] = T_PABSB, T_PABSW, T_PABSD,
    [0x20] = T_PMOVSXBW, T_PMOVSXBD, T_PMOVSXBQ, T_PMOVSXWD, T_PMOVSXWQ, T_PMOVSXDQ,
    [0x28] = T_PMULDQ, T_PCMPEQQ, T_MOVNTDQA, T_PACKUSDW,
    [0x30] = T_PMOVZXBW, T_PMOVZXBD, T_PMOVZXBQ, T_PMOVZXWD, T_PMOVZXWQ, T_PMOVZXDQ,
    [0x37] = T_PCMPGTQ, T_PMINSB, T_PMINSD, T_PMINUW, T_PMINUD, T_PMAXSB, T_PMAXSD,
    T_PMAXUW, T_PMAXUD, T_PMULLD, T_PHMINPOSUW,
    [0x80] = T_INVEPT, T_INVVPID, T_INVPCID,
    [0xC8] = T_SHA1NEXTE, T_SHA1MSG1, T_SHA1MSG2, T_SHA256RNDS2, T_SHA256MSG1,
    T_SHA256MSG2, [0xCF] = T_GF2P8MULB,
    [0xD8] = T_AESENCWIDE128KL,
    [0xDB] = T_AESIMC, T_AESENC, T_AESENCLAST, T_AESDEC, T_AESDECLAST,
    [0xF0] = T_F0, T_F1, [0xF5] = T_F5, T_F6, [0xF8] = T_F8, T_F9, T_ENCODEKEY128, T_ENCODEKEY256, T_FC,
};

/* 0F 38 entries that continue by ModRM: DC's register form, D8's reg. */
u8 x86_0f38_refine(u8 opcode, u8 idx, u8 modrm)
{
    if (opcode == 0xDC && (modrm >> 6) == 3)
        return T_LOADIWKEY;
    if (opcode == 0xD8)
        return ((modrm >> 3) & 7) < 4 ? T_AESENCWIDE128KL + ((modrm >> 3) & 3) : 0;
    return idx;
}

/* 0F 3A F0 is HRESET only with ModRM C0. */
u8 x86_0f3a_refine(u8 opcode, u8 idx, u8 modrm)
{
    return opcode == 0xF0 && modrm != 0xC0 ? 0 : idx;
}

const struct simd_desc x86_simd_0f38[T_COUNT] = {
    [T_PSHUFB] = MMXSSE("pshufb"),       [T_PHADDW] = MMXSSE("phaddw"),
    [T_PHADDD] = MMXSSE("phaddd"),       [T_PHADDSW] = MMXSSE("phaddsw"),
    [T_PMADDUBSW] = MMXSSE("pmaddubsw"), [T_PHSUBW] = MMXSSE("phsubw"),
    [T_PHSUBD] = MMXSSE("phsubd"),       [T_PHSUBSW] = MMXSSE("phsubsw"),
    [T_PSIGNB] = MMXSSE("psignb"),       [T_PSIGNW] = MMXSSE("psignw"),
    [T_PSIGND] = MMXSSE("psignd"),       [T_PMULHRSW] = MMXSSE("pmulhrsw"),
    [T_PBLENDVB] = ONLY66("pblendvb", XX), [T_BLENDVPS] = ONLY66("blendvps", XX),
    [T_BLENDVPD] = ONLY66("blendvpd", XX), [T_PTEST] = ONLY66("ptest", XX),
    [T_PABSB] = MMXSSE("pabsb"), [T_PABSW] = MMXSSE("pabsw"), [T_PABSD] = MMXSSE("pabsd"),
    [T_PMOVSXBW] = ONLY66("pmovsxbw", XX), [T_PMOVSXBD] = ONLY66("pmovsxbd", XX),
    [T_PMOVSXBQ] = ONLY66("pmovsxbq", XX), [T_PMOVSXWD] = ONLY66("pmovsxwd", XX),
    [T_PMOVSXWQ] = ONLY66("pmovsxwq", XX), [T_PMOVSXDQ] = ONLY66("pmovsxdq", XX),
    [T_PMULDQ] = ONLY66("pmuldq", XX),   [T_PCMPEQQ] = ONLY66("pcmpeqq", XX),
    [T_MOVNTDQA] = ONLY66("movntdqa", XX | MEM), [T_PACKUSDW] = ONLY66("packusdw", XX),
    [T_PMOVZXBW] = ONLY66("pmovzxbw", XX), [T_PMOVZXBD] = ONLY66("pmovzxbd", XX),
    [T_PMOVZXBQ] = ONLY66("pmovzxbq", XX), [T_PMOVZXWD] = ONLY66("pmovzxwd", XX),
    [T_PMOVZXWQ] = ONLY66("pmovzxwq", XX), [T_PMOVZXDQ] = ONLY66("pmovzxdq", XX),
    [T_PCMPGTQ] = ONLY66("pcmpgtq", XX), [T_PMINSB] = ONLY66("pminsb", XX),
    [T_PMINSD] = ONLY66("pminsd", XX),   [T_PMINUW] = ONLY66("pminuw", XX),
    [T_PMINUD] = ONLY66("pminud", XX),   [T_PMAXSB] = ONLY66("pmaxsb", XX),
    [T_PMAXSD] = ONLY66("pmaxsd", XX),   [T_PMAXUW] = ONLY66("pmaxuw", XX),
    [T_PMAXUD] = ONLY66("pmaxud", XX),   [T_PMULLD] = ONLY66("pmulld", XX),
    [T_PHMINPOSUW] = ONLY66("phminposuw", XX),
    [T_INVEPT] = ONLY66("invept", GX | MEM), [T_INVVPID] = ONLY66("invvpid", GX | MEM),
    [T_INVPCID] = ONLY66("invpcid", GX | MEM),
    [T_SHA1NEXTE] = ONLYNP("sha1nexte", XX), [T_SHA1MSG1] = ONLYNP("sha1msg1", XX),
    [T_SHA1MSG2] = ONLYNP("sha1msg2", XX), [T_SHA256RNDS2] = ONLYNP("sha256rnds2", XX),
    [T_SHA256MSG1] = ONLYNP("sha256msg1", XX), [T_SHA256MSG2] = ONLYNP("sha256msg2", XX),
    [T_GF2P8MULB] = ONLY66("gf2p8mulb", XX),
    /* AES; with F3, Key Locker (register form of DC: LOADIWKEY) */
    [T_AESIMC] = ONLY66("aesimc", XX),
    [T_AESENC] = { N4("", "aesenc", "aesenc128kl", ""), { 0, XX, XX | MEM, 0 } },
    [T_AESENCLAST] = { N4("", "aesenclast", "aesdec128kl", ""), { 0, XX, XX | MEM, 0 } },
    [T_AESDEC] = { N4("", "aesdec", "aesenc256kl", ""), { 0, XX, XX | MEM, 0 } },
    [T_AESDECLAST] = { N4("", "aesdeclast", "aesdec256kl", ""), { 0, XX, XX | MEM, 0 } },
    [T_LOADIWKEY] = { N4("", "aesenc", "loadiwkey", ""), { 0, XX, XX | REG, 0 } },
    [T_AESENCWIDE128KL] = { N4("", "", "aesencwide128kl", ""), { 0, 0, NX | MEM, 0 } },
    [T_AESDECWIDE128KL] = { N4("", "", "aesdecwide128kl", ""), { 0, 0, NX | MEM, 0 } },
    [T_AESENCWIDE256KL] = { N4("", "", "aesencwide256kl", ""), { 0, 0, NX | MEM, 0 } },
    [T_AESDECWIDE256KL] = { N4("", "", "aesdecwide256kl", ""), { 0, 0, NX | MEM, 0 } },
    [T_ENCODEKEY128] = { N4("", "", "encodekey128", ""), { 0, 0, GG | REG, 0 } },
    [T_ENCODEKEY256] = { N4("", "", "encodekey256", ""), { 0, 0, GG | REG, 0 } },
    /* MOVBE (no prefix or 66) and CRC32 (F2): general-register forms. */
    [T_F0] = { N4("movbe", "movbe", "", "crc32b"), { GG | MEM, GG | MEM, 0, GG } },
    [T_F1] = { N4("movbe", "movbe", "", "crc32"), { GG | ST | MEM, GG | ST | MEM, 0, GG } },
    [T_F5] = { N4("", "wrussd", "", ""), { 0, GG | ST | MEM } },
    [T_F6] = { N4("wrssd", "adcx", "adox", ""), { GG | ST | MEM, GG, GG, 0 } },
    [T_F8] = { N4("", "movdir64b", "enqcmds", "enqcmd"), { 0, GG | MEM, GG | MEM, GG | MEM } },
    [T_F9] = ONLYNP("movdiri", GG | ST | MEM),
    /* RAO-INT atomics */
    [T_FC] = { N4("aadd", "aand", "axor", "aor"),
               { GG | ST | MEM, GG | ST | MEM, GG | ST | MEM, GG | ST | MEM } },
};

/* 0F 3A xx: ModRM and an imm8. */
enum {
    U_NONE, U_ROUNDPS, U_ROUNDPD, U_ROUNDSS, U_ROUNDSD, U_BLENDPS, U_BLENDPD,
    U_PBLENDW, U_PALIGNR, U_PEXTRB, U_PEXTRW, U_PEXTRD, U_EXTRACTPS, U_PINSRB,
    U_INSERTPS, U_PINSRD, U_DPPS, U_DPPD, U_MPSADBW, U_PCLMULQDQ, U_PCMPESTRM,
    U_PCMPESTRI, U_PCMPISTRM, U_PCMPISTRI, U_SHA1RNDS4, U_GF2P8AFFINEQB,
    U_GF2P8AFFINEINVQB, U_AESKEYGENASSIST, U_HRESET, U_COUNT
};

const u8 x86_0f3a_index[256] = {
    [0x08] = U_ROUNDPS, U_ROUNDPD, U_ROUNDSS, U_ROUNDSD, U_BLENDPS, U_BLENDPD,
    U_PBLENDW, U_PALIGNR,
    [0x14] = U_PEXTRB, U_PEXTRW, U_PEXTRD, U_EXTRACTPS,
    [0x20] = U_PINSRB, U_INSERTPS, U_PINSRD,
    [0x40] = U_DPPS, U_DPPD, U_MPSADBW, [0x44] = U_PCLMULQDQ,
    [0x60] = U_PCMPESTRM, U_PCMPESTRI, U_PCMPISTRM, U_PCMPISTRI,
    [0xCC] = U_SHA1RNDS4, [0xCE] = U_GF2P8AFFINEQB, U_GF2P8AFFINEINVQB,
    [0xDF] = U_AESKEYGENASSIST, [0xF0] = U_HRESET,
};

#define I66(a) ONLY66(a, XX | IB)
const struct simd_desc x86_simd_0f3a[U_COUNT] = {
    [U_ROUNDPS] = I66("roundps"), [U_ROUNDPD] = I66("roundpd"),
    [U_ROUNDSS] = I66("roundss"), [U_ROUNDSD] = I66("roundsd"),
    [U_BLENDPS] = I66("blendps"), [U_BLENDPD] = I66("blendpd"),
    [U_PBLENDW] = I66("pblendw"),
    [U_PALIGNR] = { N4("palignr", "palignr", "", ""), { MM | IB, XX | IB } },
    [U_PEXTRB] = ONLY66("pextrb", XG | ST | IB), [U_PEXTRW] = ONLY66("pextrw", XG | ST | IB),
    [U_PEXTRD] = ONLY66("pextrd", XG | ST | IB),
    [U_EXTRACTPS] = ONLY66("extractps", XG | ST | IB),
    [U_PINSRB] = ONLY66("pinsrb", XG | IB), [U_INSERTPS] = I66("insertps"),
    [U_PINSRD] = ONLY66("pinsrd", XG | IB),
    [U_DPPS] = I66("dpps"), [U_DPPD] = I66("dppd"), [U_MPSADBW] = I66("mpsadbw"),
    [U_PCLMULQDQ] = I66("pclmulqdq"),
    [U_PCMPESTRM] = I66("pcmpestrm"), [U_PCMPESTRI] = I66("pcmpestri"),
    [U_PCMPISTRM] = I66("pcmpistrm"), [U_PCMPISTRI] = I66("pcmpistri"),
    [U_SHA1RNDS4] = ONLYNP("sha1rnds4", XX | IB),
    [U_GF2P8AFFINEQB] = I66("gf2p8affineqb"),
    [U_GF2P8AFFINEINVQB] = I66("gf2p8affineinvqb"),
    [U_AESKEYGENASSIST] = I66("aeskeygenassist"),
    [U_HRESET] = { N4("", "", "hreset", ""),
                   { 0, 0, SF_REG(SC_N) | SF_RM(SC_N) | IB | REG, 0 } },
};

#ifndef DECODE_NO_NAMES
const char *simd_name(const struct simd_desc *s, unsigned col)
{
    const char *p = s->names;
    if (!p)
        return NULL;
    for (; col; col--)
        while (*p++)
            ;
    return *p ? p : NULL;
}
#endif
