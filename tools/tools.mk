# Host tools built by `make`: vmxa-decode (the decoder on the command line)
# and decode-bench (`make bench-decode`).

TOOLS := $(B)/tools/vmxa-decode $(B)/tools/decode-bench

.PHONY: tools bench-decode
tools: $(TOOLS)

# decoded instructions per second over real 16-bit code (tests/bench/decode)
bench-decode: $(B)/tools/decode-bench
	@tests/bench/decode

$(B)/tools/vmxa-decode: tools/vmxa-decode.c $(DECODE_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude \
		tools/vmxa-decode.c $(DECODE_SRCS) -o $@

$(B)/tools/decode-bench: tools/decode_bench.c $(DECODE_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude \
		tools/decode_bench.c $(DECODE_SRCS) -o $@
