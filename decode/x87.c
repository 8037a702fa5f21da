/*
 * The x87 escapes D8-DF: which (opcode, ModRM) pairs exist, their operand
 * shape and memory size, and their AT&T mnemonic.  The assist executes no
 * x87 instruction; the decoder needs the length (ModRM and displacement
 * only: no x87 instruction has an immediate) and validity.
 * Facts from the Intel SDM vol. 2, tables.  Mnemonics follow
 * the AT&T convention: a size suffix on memory forms, and the SysV
 * reversal of fsub/fsubr and fdiv/fdivr in the DC/DE register forms.
 */
#include <vmxassist/decode.h>
#include "tables.h"

/* Without names (the blob), an entry is its shape and size only; a
 * reserved one is a zero entry either way. */
#ifdef DECODE_NO_NAMES
#define NAME(n)
#else
#define NAME(n)      n,
#endif
#define MEM(n, sz)   { NAME(n) X87_MEM, sz }
#define R(n, shape)  { NAME(n) shape, 0 }
#define NONE(n)      { NAME(n) X87_NONE, 0 }

/* Memory forms: [opcode - D8][ModRM.reg]. */
static const struct x87_form x87_mem[8][8] = {
    { MEM("fadds", SZ_D), MEM("fmuls", SZ_D), MEM("fcoms", SZ_D), MEM("fcomps", SZ_D),
      MEM("fsubs", SZ_D), MEM("fsubrs", SZ_D), MEM("fdivs", SZ_D), MEM("fdivrs", SZ_D) },
    { MEM("flds", SZ_D), { 0 }, MEM("fsts", SZ_D), MEM("fstps", SZ_D),
      MEM("fldenv", SZ_E), MEM("fldcw", SZ_W), MEM("fnstenv", SZ_E), MEM("fnstcw", SZ_W) },
    { MEM("fiaddl", SZ_D), MEM("fimull", SZ_D), MEM("ficoml", SZ_D), MEM("ficompl", SZ_D),
      MEM("fisubl", SZ_D), MEM("fisubrl", SZ_D), MEM("fidivl", SZ_D), MEM("fidivrl", SZ_D) },
    { MEM("fildl", SZ_D), MEM("fisttpl", SZ_D), MEM("fistl", SZ_D), MEM("fistpl", SZ_D),
      { 0 }, MEM("fldt", SZ_T), { 0 }, MEM("fstpt", SZ_T) },
    { MEM("faddl", SZ_Q), MEM("fmull", SZ_Q), MEM("fcoml", SZ_Q), MEM("fcompl", SZ_Q),
      MEM("fsubl", SZ_Q), MEM("fsubrl", SZ_Q), MEM("fdivl", SZ_Q), MEM("fdivrl", SZ_Q) },
    { MEM("fldl", SZ_Q), MEM("fisttpll", SZ_Q), MEM("fstl", SZ_Q), MEM("fstpl", SZ_Q),
      MEM("frstor", SZ_F), { 0 }, MEM("fnsave", SZ_F), MEM("fnstsw", SZ_W) },
    { MEM("fiadds", SZ_W), MEM("fimuls", SZ_W), MEM("ficoms", SZ_W), MEM("ficomps", SZ_W),
      MEM("fisubs", SZ_W), MEM("fisubrs", SZ_W), MEM("fidivs", SZ_W), MEM("fidivrs", SZ_W) },
    { MEM("filds", SZ_W), MEM("fisttps", SZ_W), MEM("fists", SZ_W), MEM("fistps", SZ_W),
      MEM("fbld", SZ_T), MEM("fildll", SZ_Q), MEM("fbstp", SZ_T), MEM("fistpll", SZ_Q) },
};

/* Register forms whose ModRM.reg row depends on rm: [index][rm]. */
enum { XR_D9_2, XR_D9_4, XR_D9_5, XR_D9_6, XR_D9_7, XR_DA_5, XR_DB_4, XR_DE_3,
       XR_DF_4, XR_COUNT };
static const struct x87_form x87_byrm[XR_COUNT][8] = {
    [XR_D9_2] = { NONE("fnop") },
    [XR_D9_4] = { NONE("fchs"), NONE("fabs"), { 0 }, { 0 }, NONE("ftst"), NONE("fxam") },
    [XR_D9_5] = { NONE("fld1"), NONE("fldl2t"), NONE("fldl2e"), NONE("fldpi"),
                  NONE("fldlg2"), NONE("fldln2"), NONE("fldz") },
    [XR_D9_6] = { NONE("f2xm1"), NONE("fyl2x"), NONE("fptan"), NONE("fpatan"),
                  NONE("fxtract"), NONE("fprem1"), NONE("fdecstp"), NONE("fincstp") },
    [XR_D9_7] = { NONE("fprem"), NONE("fyl2xp1"), NONE("fsqrt"), NONE("fsincos"),
                  NONE("frndint"), NONE("fscale"), NONE("fsin"), NONE("fcos") },
    [XR_DA_5] = { [1] = NONE("fucompp") },
    /* DB E0/E1/E4: 8087/287 controls, no-ops since the 387 */
    [XR_DB_4] = { NONE("fneni(8087 only)"), NONE("fndisi(8087 only)"), NONE("fnclex"),
                  NONE("fninit"), NONE("fnsetpm(287 only)"), NONE("frstpm(287 only)") },
    [XR_DE_3] = { [1] = NONE("fcompp") },
    [XR_DF_4] = { R("fnstsw", X87_AX) },
};

/* Register forms: [opcode - D8][ModRM.reg]; X87_BYRM rows continue in
 * x87_byrm[size][rm]. */
#define BYRM(i) { NAME(NULL) X87_BYRM, i }
static const struct x87_form x87_reg[8][8] = {
    { R("fadd", X87_ST_STI), R("fmul", X87_ST_STI), R("fcom", X87_STI), R("fcomp", X87_STI),
      R("fsub", X87_ST_STI), R("fsubr", X87_ST_STI), R("fdiv", X87_ST_STI),
      R("fdivr", X87_ST_STI) },
    { R("fld", X87_STI), R("fxch", X87_STI), BYRM(XR_D9_2), { 0 }, BYRM(XR_D9_4),
      BYRM(XR_D9_5), BYRM(XR_D9_6), BYRM(XR_D9_7) },
    { R("fcmovb", X87_ST_STI), R("fcmove", X87_ST_STI), R("fcmovbe", X87_ST_STI),
      R("fcmovu", X87_ST_STI), { 0 }, BYRM(XR_DA_5) },
    { R("fcmovnb", X87_ST_STI), R("fcmovne", X87_ST_STI), R("fcmovnbe", X87_ST_STI),
      R("fcmovnu", X87_ST_STI), BYRM(XR_DB_4), R("fucomi", X87_ST_STI),
      R("fcomi", X87_ST_STI) },
    { R("fadd", X87_STI_ST), R("fmul", X87_STI_ST), { 0 }, { 0 },
      R("fsub", X87_STI_ST), R("fsubr", X87_STI_ST), R("fdiv", X87_STI_ST),
      R("fdivr", X87_STI_ST) },
    { R("ffree", X87_STI), { 0 }, R("fst", X87_STI), R("fstp", X87_STI),
      R("fucom", X87_STI), R("fucomp", X87_STI) },
    { R("faddp", X87_STI_ST), R("fmulp", X87_STI_ST), { 0 }, BYRM(XR_DE_3),
      R("fsubp", X87_STI_ST), R("fsubrp", X87_STI_ST), R("fdivp", X87_STI_ST),
      R("fdivrp", X87_STI_ST) },
    { R("ffreep", X87_STI), { 0 }, { 0 }, { 0 }, BYRM(XR_DF_4), R("fucomip", X87_ST_STI),
      R("fcomip", X87_ST_STI) },
};

const struct x87_form *x87_lookup(u8 opcode, u8 modrm)
{
    unsigned row = opcode - 0xD8, reg = (modrm >> 3) & 7;
    const struct x87_form *f;

    if (row > 7)
        return NULL;
    if ((modrm >> 6) != 3)
        f = &x87_mem[row][reg];
    else {
        f = &x87_reg[row][reg];
        if (f->shape == X87_BYRM)
            f = &x87_byrm[f->size][modrm & 7];
    }
#ifdef DECODE_NO_NAMES
    return f->shape != X87_BAD ? f : NULL;
#else
    return f->name ? f : NULL;
#endif
}
