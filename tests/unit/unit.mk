# Host-side unit tests: the same sources the blob uses, built hosted.

UNIT_TESTS := $(B)/tests/abi_test $(B)/tests/decode_test $(B)/tests/seg_test

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)

$(B)/tests/abi_test: tests/unit/abi_test.c tests/unit/test.h include/vmxassist/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $< -o $@

$(B)/tests/decode_test: tests/unit/decode_test.c decode/decode.c decode/opcodes.c \
		$(wildcard decode/*.h include/vmxassist/*.h) tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Idecode tests/unit/decode_test.c decode/decode.c decode/opcodes.c -o $@

$(B)/tests/seg_test: tests/unit/seg_test.c seg/desc_load.c $(wildcard include/vmxassist/*.h) \
		tests/unit/test.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) tests/unit/seg_test.c seg/desc_load.c -o $@
