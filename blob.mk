# The assist blob: build/vmxassist.bin (+ .sym, .h), linked at 0xD0000.

# The decoder without its renderer and mnemonics (5 KiB): the blob logs
# instruction bytes, tools/render-log disassembles them afterwards.
# DECODE_NO_NAMES drops the x87 and SSE tables' mnemonics too (decode/tables.h).
BLOB_DECODE_SRCS := $(filter-out decode/names.c decode/render.c,$(DECODE_SRCS))
$(patsubst %,$(B)/blob/%.o,$(BLOB_DECODE_SRCS)): BLOB_CFLAGS += -DDECODE_NO_NAMES
BLOB_SRCS := trap/head.S trap/entry.S trap/desc.c trap/dispatch.c \
	vm86/boot.c vm86/mode.c vm86/emulate.c vm86/alu.c vm86/alu_ops.S vm86/exec_data.c \
	vm86/exec_flow.c vm86/exec_system.c vm86/exec_arith.c vm86/exec_string.c \
	vm86/exec_fpu.c vm86/fastlane.c vm86/fast_fill.c vm86/fastpath.c vm86/interrupt.c vm86/pm_interrupt.c vm86/task_switch.c vm86/pic.c vm86/gmem.c \
	vm86/guest_paging.c seg/desc_load.c $(BLOB_DECODE_SRCS) paging/walk.c paging/linear.c \
	paging/phys.c paging/phys_high.c paging/hv_leaf.c lib/format.c lib/log.c lib/string.c
BLOB_OBJS := $(patsubst %,$(B)/blob/%.o,$(BLOB_SRCS))

# GCC writes each function's frame size to a .su file beside its object;
# tools/stack-depth builds the worst-case stack depth from them.
BLOB_CFLAGS += -fstack-usage

# The page walker runs a few times per emulated instruction at most, and
# only while the guest has paging on: optimised for size, it costs 2 KiB
# less of the 64 KiB below 0xE0000.
$(B)/blob/paging/%.c.o: BLOB_CFLAGS += -Os

.PHONY: blob
blob: $(B)/vmxassist.bin $(B)/vmxassist.sym $(B)/vmxassist.h

$(B)/blob/%.c.o: %.c $(wildcard include/vmxassist/*.h decode/*.h paging/*.h vm86/*.h) blob.mk Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"; $(CC) $(BLOB_CFLAGS) -c $< -o $@

$(B)/blob/%.S.o: %.S $(wildcard include/vmxassist/*.h)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"; $(CC) $(BLOB_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(B)/vmxassist.elf: $(BLOB_OBJS) link.ld
	$(CC) -m32 -nostdlib -static -Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,-T,link.ld -o $@ $(BLOB_OBJS)

# hvmloader copies the file; .bss follows it in memory and is cleared at boot.
$(B)/vmxassist.bin: $(B)/vmxassist.elf
	$(OBJCOPY) -O binary -j .text -j .rodata -j .data $< $@
	@size=$$(stat -c %s $@); pad=$$(( (512 - size % 512) % 512 )); \
	  head -c $$pad /dev/zero >> $@

$(B)/vmxassist.sym: $(B)/vmxassist.elf
	$(NM) -n $< > $@

$(B)/vmxassist.h: $(B)/vmxassist.bin tools/mkhex
	tools/mkhex vmxassist $< > $@

# The decoder's tables and the renderer are most of the blob: optimise them
# for size (the blob and its .bss must end below 0xE0000).
$(patsubst %,$(B)/blob/%.o,$(DECODE_SRCS)): BLOB_CFLAGS += -Os
# The fast lane runs for every instruction big real mode emulates: -O2,
# but without -O2's alignment padding, which costs about 500 bytes and no
# instruction (make bench-emulate: the same figures).
$(B)/blob/vm86/fastlane.c.o: BLOB_CFLAGS += -O2 \
	-fno-align-functions -fno-align-jumps -fno-align-loops -fno-align-labels
