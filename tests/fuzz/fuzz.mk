# The decoder's (and fast_decode's) libFuzzer target (clang, -fsanitize=fuzzer,address,undefined).
# `make fuzz` runs it for FUZZ_SECONDS (600 by default); `make check` runs
# it for 25 s (tests/fuzz/smoke).

FUZZ_BIN := $(B)/fuzz/decode_fuzz
FUZZ_SECONDS ?= 600

.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/smoke

# built with the unit tests, so `make check` has it
unit-tests: $(FUZZ_BIN)

$(FUZZ_BIN): tests/fuzz/decode_fuzz.c vm86/fast_decode.c vm86/fast_fill.c vm86/fast_parts.h vm86/fast_memo.h \
		$(DECODE_DEPS) tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Idecode tests/fuzz/decode_fuzz.c vm86/fast_decode.c vm86/fast_fill.c \
		$(DECODE_SRCS) -o $@
