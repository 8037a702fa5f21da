/* Architectural constants (Intel SDM vol. 3) used by the assist and its tests. */
#ifndef VMXASSIST_X86_H
#define VMXASSIST_X86_H

/* EFLAGS */
#define EFL_CF      0x00000001u
#define EFL_FIXED1  0x00000002u /* bit 1 always reads as 1 */
#define EFL_PF      0x00000004u
#define EFL_AF      0x00000010u
#define EFL_ZF      0x00000040u
#define EFL_SF      0x00000080u
#define EFL_TF      0x00000100u
#define EFL_IF      0x00000200u
#define EFL_DF      0x00000400u
#define EFL_OF      0x00000800u
#define EFL_IOPL    0x00003000u
#define EFL_NT      0x00004000u
#define EFL_RF      0x00010000u
#define EFL_VM      0x00020000u
#define EFL_AC      0x00040000u
#define EFL_VIF     0x00080000u
#define EFL_VIP     0x00100000u
#define EFL_ID      0x00200000u
#define EFL_ARITH   (EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_OF)

/* CR0 */
#define CR0_PE 0x00000001u
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_TS 0x00000008u
#define CR0_ET 0x00000010u
#define CR0_NE 0x00000020u
#define CR0_WP 0x00010000u
#define CR0_AM 0x00040000u
#define CR0_NW 0x20000000u
#define CR0_CD 0x40000000u
#define CR0_PG 0x80000000u

/* CR4 */
#define CR4_VME  0x00000001u
#define CR4_PVI  0x00000002u
#define CR4_PSE  0x00000010u
#define CR4_PAE  0x00000020u
#define CR4_UMIP 0x00000800u
#define CR4_SMEP 0x00100000u
#define CR4_SMAP 0x00200000u

/* IA32_EFER */
#define MSR_EFER  0xC0000080u
#define EFER_LME  0x00000100u
#define EFER_LMA  0x00000400u
#define EFER_NXE  0x00000800u

/* Exception vectors */
#define X86_DE 0
#define X86_DB 1
#define X86_NMI 2
#define X86_BP 3
#define X86_OF 4
#define X86_BR 5
#define X86_UD 6
#define X86_NM 7
#define X86_DF 8
#define X86_TS 10
#define X86_NP 11
#define X86_SS 12
#define X86_GP 13
#define X86_PF 14
#define X86_MF 16
#define X86_AC 17

/* Segment register numbers: the ModRM `reg` encoding of MOV Sreg. */
enum sreg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR,
            SEG_COUNT, SEG_NONE = 0xFF };

/* General register numbers in ModRM/opcode encoding. */
enum gpr { REG_AX, REG_CX, REG_DX, REG_BX, REG_SP, REG_BP, REG_SI, REG_DI,
           REG_NONE = 0xFF };

/* Descriptor access byte (bits 40-47 of a segment descriptor). */
#define DESC_TYPE_ACCESSED 0x1u
#define DESC_TYPE_RW       0x2u /* data: writable, code: readable */
#define DESC_TYPE_EC       0x4u /* data: expand-down, code: conforming */
#define DESC_TYPE_CODE     0x8u

#endif
