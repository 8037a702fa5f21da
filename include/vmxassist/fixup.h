/*
 * Exception fixups: an instruction the assist executes on the guest's
 * behalf (DIV, RDMSR, ...) may fault.  FIXUP(from, to) records that a fault
 * at label `from` resumes at label `to`; the trap handler then stores the
 * vector in the vCPU's `fixup_vector` (and the error code in `fixup_error`)
 * instead of treating the fault as a bug in the assist.
 */
#ifndef VMXASSIST_FIXUP_H
#define VMXASSIST_FIXUP_H

#define FIXUP(from, to)                        \
    ".pushsection .fixup, \"a\"\n\t"           \
    ".long " from ", " to "\n\t"               \
    ".popsection\n\t"

struct fixup_entry {
    unsigned int from, to;
};

#endif
