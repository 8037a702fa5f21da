# linux.mk - user space for the Linux guests (included by the top Makefile).
#
#   $(B)/linux/init   /init of the chain's initramfs (tests/linux/init.S):
#                     a static x86-64 program, no libc

LINUX_INIT := $(B)/linux/init

$(LINUX_INIT): tests/linux/init.S tests/linux/linux.mk
	@mkdir -p $(@D)
	$(CC) -nostdlib -static -Wl,--build-id=none -Wl,-z,noexecstack -o $@ $<

.PHONY: linux-init
linux-init: $(LINUX_INIT)
