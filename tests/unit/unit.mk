# Host-side unit tests: the same sources the blob uses, built hosted.

UNIT_TESTS := $(B)/tests/abi_test $(B)/tests/decode_test $(B)/tests/decode_oracle \
	$(B)/tests/seg_test

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)

$(B)/tests/abi_test: tests/unit/abi_test.c tests/unit/test.h include/vmxassist/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $< -o $@

$(B)/tests/decode_test: tests/unit/decode_test.c $(DECODE_DEPS) tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Idecode tests/unit/decode_test.c $(DECODE_SRCS) -o $@

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
