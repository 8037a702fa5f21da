# The decoder's sources: compiled into the blob (blob.mk) and, unchanged,
# into the host tests and tools.
DECODE_SRCS := decode/decode.c decode/opcodes.c decode/groups.c decode/simd.c \
	decode/x87.c decode/names.c decode/render.c
DECODE_DEPS := $(DECODE_SRCS) $(wildcard decode/*.h include/vmxassist/*.h)
