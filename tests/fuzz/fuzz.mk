# The decoder's libFuzzer target (clang, -fsanitize=fuzzer,address,undefined).
# `make fuzz` runs it for FUZZ_SECONDS (600 by default); `make check` runs
# it for 25 s (tests/fuzz/smoke).

FUZZ_BIN := $(B)/fuzz/decode_fuzz
FUZZ_SECONDS ?= 600

.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/smoke

# built with the unit tests, so `make check` has it
unit-tests: $(FUZZ_BIN)

$(FUZZ_BIN): tests/fuzz/decode_fuzz.c vm86/fast_fill.c vm86/fast_parts.h \
		$(DECODE_DEPS) tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Idecode tests/fuzz/decode_fuzz.c vm86/fast_fill.c \
		$(DECODE_SRCS) -o $@

# The execution engine's libFuzzer target (tests/fuzz/engine_fuzz.c): the
# engine's sources built 64-bit (include/vmxassist/host_flags.h) with a
# 4 GiB guest space of their own (VMXA_GUEST_BASE); `make fuzz-engine`
# runs it for FUZZ_SECONDS, `make check` for 30 s (tests/fuzz/engine-smoke).
ENGINE_FUZZ_BIN := $(B)/fuzz/engine_fuzz
ENGINE_FUZZ_SRCS := tests/fuzz/engine_fuzz.c tests/fuzz/hosted_cpu.c \
	vm86/emulate.c vm86/fastlane.c vm86/fast_fill.c vm86/alu.c vm86/alu_ops.S \
	vm86/exec_arith.c vm86/exec_data.c vm86/exec_flow.c vm86/exec_string.c vm86/exec_system.c \
	vm86/exec_fpu.c vm86/gmem.c vm86/mode.c vm86/guest_paging.c vm86/interrupt.c vm86/fastpath.c \
	vm86/pm_interrupt.c vm86/task_switch.c vm86/pic.c seg/desc_load.c lib/format.c \
	paging/walk.c paging/linear.c paging/phys.c paging/phys_high.c paging/hv_leaf.c

.PHONY: fuzz-engine
fuzz-engine: $(ENGINE_FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/engine-smoke

unit-tests: $(ENGINE_FUZZ_BIN)

$(ENGINE_FUZZ_BIN): $(ENGINE_FUZZ_SRCS) tests/fuzz/hosted_cpu.h $(DECODE_DEPS) \
		$(wildcard vm86/*.h paging/*.h) tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	clang -g -O1 -fno-pie -no-pie -mno-red-zone -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -DVMXA_GUEST_BASE -Iinclude -Idecode \
		$(ENGINE_FUZZ_SRCS) $(DECODE_SRCS) -o $@
