# tests/hvmhost: the SVM test host (a multiboot kernel for QEMU TCG).
# Included by the top Makefile; builds $(B)/hvmhost.elf.

HVMHOST_DIR  := tests/hvmhost
HVMHOST_OUT  := $(B)/hvmhost
HVMHOST_C    := $(wildcard $(HVMHOST_DIR)/*.c)
HVMHOST_OBJS := $(patsubst $(HVMHOST_DIR)/%.c,$(HVMHOST_OUT)/%.o,$(HVMHOST_C)) \
	$(HVMHOST_OUT)/start.o $(HVMHOST_OUT)/vmrun.o $(HVMHOST_OUT)/stub_image.o
HVMHOST_CFLAGS := $(FREESTANDING_CFLAGS) -I$(HVMHOST_DIR) -MMD -MP

.PHONY: hvmhost
hvmhost: $(B)/hvmhost.elf

$(B)/hvmhost.elf: $(HVMHOST_OBJS) $(HVMHOST_DIR)/hvmhost.ld
	ld -m elf_i386 -nostdlib -T $(HVMHOST_DIR)/hvmhost.ld -o $@ $(HVMHOST_OBJS)

$(HVMHOST_OUT)/%.o: $(HVMHOST_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HVMHOST_CFLAGS) -c -o $@ $<

$(HVMHOST_OUT)/start.o $(HVMHOST_OUT)/vmrun.o: $(HVMHOST_OUT)/%.o: $(HVMHOST_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(HVMHOST_CFLAGS) -c -o $@ $<

# The reset stub: 16-bit code linked for segment F000, embedded as bytes.
$(HVMHOST_OUT)/stub.o: $(HVMHOST_DIR)/stub.S $(HVMHOST_DIR)/stub_params.h
	@mkdir -p $(dir $@)
	$(CC) $(HVMHOST_CFLAGS) -c -o $@ $<

$(HVMHOST_OUT)/stub.bin: $(HVMHOST_OUT)/stub.o $(HVMHOST_DIR)/stub.ld
	ld -m elf_i386 -nostdlib --no-warn-rwx-segments -T $(HVMHOST_DIR)/stub.ld -o $(HVMHOST_OUT)/stub.elf $<
	objcopy -O binary $(HVMHOST_OUT)/stub.elf $@

$(HVMHOST_OUT)/stub_image.o: $(HVMHOST_DIR)/stub_image.S $(HVMHOST_OUT)/stub.bin
	$(CC) $(HVMHOST_CFLAGS) -DSTUB_BIN='"$(HVMHOST_OUT)/stub.bin"' -c -o $@ $<

-include $(HVMHOST_OBJS:.o=.d)
