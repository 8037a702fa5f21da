# Host-side unit tests: the same sources the blob uses, built hosted.

UNIT_TESTS := $(B)/tests/abi_test $(B)/tests/decode_test $(B)/tests/decode_names_test \
	$(B)/tests/decode_oracle \
	$(B)/tests/seg_test $(B)/tests/paging_walk_test $(B)/tests/paging_cases_test \
	$(B)/tests/engine_oracle $(B)/tests/engine_oracle64 $(B)/tests/fast_step_test $(B)/tests/m32_probe

# The paging code as the blob has it, against a simulated physical memory
# (sim_phys.c) that also plays the hypervisor's CPUID leaves.
PAGING_TEST_SRCS := paging/walk.c paging/linear.c paging/phys_high.c tests/unit/sim_phys.c
PAGING_TEST_DEPS := $(PAGING_TEST_SRCS) $(wildcard paging/*.h include/vmxassist/*.h) \
	tests/unit/sim_phys.h tests/unit/test.h

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)

$(B)/tests/abi_test: tests/unit/abi_test.c tests/unit/test.h include/vmxassist/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $< -o $@

$(B)/tests/decode_test: tests/unit/decode_test.c $(DECODE_DEPS) tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Idecode tests/unit/decode_test.c $(DECODE_SRCS) -o $@

# The decoder as the blob builds it (blob.mk: without names.c and render.c,
# with DECODE_NO_NAMES), linked into one object whose global symbols get an
# nn_ prefix, so that decode_names_test can hold it beside the host build.
NONAMES := $(B)/tests/decode_nonames
$(NONAMES).o: $(DECODE_DEPS) blob.mk tests/unit/unit.mk
	@mkdir -p $(NONAMES)
	@for s in $(BLOB_DECODE_SRCS); do \
	  echo "  CC      $$s (DECODE_NO_NAMES)"; \
	  $(CC) $(HOST_CFLAGS) -DDECODE_NO_NAMES -c $$s -o $(NONAMES)/$$(basename $$s .c).o || exit 1; \
	done
	ld -r -o $(NONAMES)/all.o $(patsubst decode/%.c,$(NONAMES)/%.o,$(BLOB_DECODE_SRCS))
	$(NM) -g --defined-only $(NONAMES)/all.o | awk '{ print $$3, "nn_" $$3 }' > $(NONAMES)/syms
	$(OBJCOPY) --redefine-syms=$(NONAMES)/syms $(NONAMES)/all.o $@

$(B)/tests/decode_names_test: tests/unit/decode_names_test.c $(NONAMES).o $(DECODE_DEPS) \
		tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) tests/unit/decode_names_test.c $(NONAMES).o $(DECODE_SRCS) -o $@

# The objdump oracle (tests/unit/oracle/): built with the same decoder
# sources, optimised and without sanitizers so the 5.7 million cases run in
# well under a minute on two cores (the fuzz target covers the sanitizers).
ORACLE_SRCS := $(wildcard tests/unit/oracle/*.c)
$(B)/tests/decode_oracle: $(ORACLE_SRCS) tests/unit/oracle/oracle.h $(DECODE_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude -Idecode \
		$(ORACLE_SRCS) $(DECODE_SRCS) -o $@

$(B)/tests/seg_test: tests/unit/seg_test.c seg/desc_load.c $(wildcard include/vmxassist/*.h) \
		tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) tests/unit/seg_test.c seg/desc_load.c -o $@

$(B)/tests/paging_walk_test: tests/unit/paging_walk_test.c tests/unit/paging_model.c \
		tests/unit/paging_model.h $(PAGING_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) tests/unit/paging_walk_test.c tests/unit/paging_model.c \
		$(PAGING_TEST_SRCS) -o $@

$(B)/tests/paging_cases_test: tests/unit/paging_cases_test.c $(PAGING_TEST_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) tests/unit/paging_cases_test.c $(PAGING_TEST_SRCS) -o $@

# The engine oracle (tests/unit/engine_oracle/): the engine's own sources,
# built hosted as a 32-bit program (its inline assembly is 32-bit), against
# the host CPU.  Non-PIE: the blob's exception-fixup table holds absolute
# addresses.
ENGINE_ORACLE_ENGINE := vm86/emulate.c vm86/fastlane.c vm86/fast_fill.c vm86/alu.c vm86/alu_ops.S vm86/exec_arith.c vm86/exec_data.c \
	vm86/exec_flow.c vm86/exec_string.c vm86/exec_system.c vm86/exec_fpu.c vm86/gmem.c \
	vm86/mode.c vm86/guest_paging.c seg/desc_load.c lib/format.c paging/walk.c paging/linear.c \
	paging/phys.c paging/phys_high.c paging/hv_leaf.c $(DECODE_SRCS)
ENGINE_ORACLE_SRCS := $(wildcard tests/unit/engine_oracle/*.c)
$(B)/tests/engine_oracle: $(ENGINE_ORACLE_SRCS) tests/unit/engine_oracle/oracle.h \
		$(ENGINE_ORACLE_ENGINE) $(DECODE_DEPS) $(wildcard paging/*.h vm86/*.h)
	@mkdir -p $(dir $@)
	$(CC) -m32 -march=i686 -fno-pie -no-pie -O2 -g -Wall -Wextra -Werror \
		-Wno-missing-field-initializers -fsanitize=address,undefined -Iinclude \
		$(ENGINE_ORACLE_SRCS) $(ENGINE_ORACLE_ENGINE) -o $@

# fast_step (vm86/fast_step.h) against the generic engine, built like
# engine_oracle64 (64-bit, the oracle's stubs).
$(B)/tests/fast_step_test: tests/unit/fast_step_test.c tests/unit/engine_oracle/stubs.c \
		tests/unit/engine_oracle/oracle.h $(ENGINE_ORACLE_ENGINE) $(DECODE_DEPS) \
		$(wildcard paging/*.h vm86/*.h)
	@mkdir -p $(dir $@)
	$(CC) -m64 -mno-red-zone -fno-pie -no-pie -O2 -g -Wall -Wextra -Werror \
		-Wno-missing-field-initializers -fsanitize=address,undefined -Iinclude \
		tests/unit/fast_step_test.c tests/unit/engine_oracle/stubs.c \
		$(ENGINE_ORACLE_ENGINE) -o $@

# The same built as a 64-bit program (include/vmxassist/host_flags.h), for
# machines that cannot run 32-bit ones: its native half runs in 64-bit mode.
# -mno-red-zone: the engine's flag loads push below the stack pointer.
$(B)/tests/engine_oracle64: $(ENGINE_ORACLE_SRCS) tests/unit/engine_oracle/oracle.h \
		$(ENGINE_ORACLE_ENGINE) $(DECODE_DEPS) $(wildcard paging/*.h vm86/*.h)
	@mkdir -p $(dir $@)
	$(CC) -m64 -mno-red-zone -fno-pie -no-pie -O2 -g -Wall -Wextra -Werror \
		-Wno-missing-field-initializers -fsanitize=address,undefined -Iinclude \
		$(ENGINE_ORACLE_SRCS) $(ENGINE_ORACLE_ENGINE) -o $@

# Can this machine run 32-bit programs at all (tests/unit/engine-oracle-run)?
$(B)/tests/m32_probe: tests/unit/m32_probe.c
	@mkdir -p $(dir $@)
	$(CC) -m32 -O2 $< -o $@
