# Host tools built by `make`: vmxa-decode (the decoder on the command line).

TOOLS := $(B)/tools/vmxa-decode

.PHONY: tools
tools: $(TOOLS)

$(B)/tools/vmxa-decode: tools/vmxa-decode.c $(DECODE_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude \
		tools/vmxa-decode.c $(DECODE_SRCS) -o $@
