# vmxassist - real-mode assist for VT-x without unrestricted guest.
# `make demo` and `make check` are the two commands a user needs (README).

B        := build
CC       := gcc
OBJCOPY  := objcopy
NM       := nm

# Debug output on port 0xE9: DEBUG=0 compiles every trace call away.
DEBUG    ?= 1
TRACE    ?= 0
BUILD_ID := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# Code that runs inside the blob (and hvmhost): freestanding 32-bit, no libc,
# no libgcc, no FPU/SSE (the assist never touches the guest's FPU state).
FREESTANDING_CFLAGS := -m32 -march=i686 -ffreestanding -nostdlib -fno-pic \
	-fno-stack-protector -fno-builtin -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -mno-red-zone -fno-strict-aliasing -O2 -g \
	-Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude
# -Os: the blob, its tables and its stacks must fit in 64 KiB below 0xE0000.
BLOB_CFLAGS := $(FREESTANDING_CFLAGS) -malign-data=abi -Os -mregparm=3 -DVMXA_DEBUG=$(DEBUG) -DVMXA_TRACE=$(TRACE) -DBUILD_ID='"$(BUILD_ID)"'

# Host-side tests build the same sources hosted.
HOST_CFLAGS := -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers -Iinclude -fsanitize=address,undefined

.PHONY: all demo check check-long run deps clean bench-emulate bench
all: blob hvmhost guests tools linux-init

include decode/decode.mk
include blob.mk
include tests/hvmhost/hvmhost.mk
include tests/guests/guests.mk
include tests/linux/linux.mk
include tests/unit/unit.mk
include tools/tools.mk
include tests/fuzz/fuzz.mk

deps:
	@tests/deps

# The packages come first: everything else needs them.
demo:
	@tests/deps
	@$(MAKE) --no-print-directory all
	@tests/demo

check:
	@tests/deps
	@$(MAKE) --no-print-directory all unit-tests
	@tests/check

# The differential generator and the hostile-input test at length (minutes;
# tests/diff-long and tests/garbage-long for knobs).  Both run; either
# failing fails the target.
check-long:
	@tests/deps
	@$(MAKE) --no-print-directory all
	@st=0; tests/diff-long || st=1; tests/garbage-long || st=1; exit $$st

# make run GUEST=file [BIOS=file] [NATIVE=1] [ICOUNT=1]
run:
	@tests/deps
	@$(MAKE) --no-print-directory all
	@tests/hvmhost/run $(if $(GUEST),--guest "$(GUEST)") $(if $(BIOS),--bios "$(BIOS)") \
		$(if $(filter 1,$(NATIVE)),--native) $(if $(filter 1,$(ICOUNT)),--icount)

# Cost of emulation (icount-deterministic): build/bench/emulate.md
bench-emulate:
	@tests/deps
	@$(MAKE) --no-print-directory all
	@tests/bench-emulate

# Every real guest natively and under the assist (icount-deterministic):
# build/bench/guests.md, guests.png and profile.md (tests/bench-guests).
bench:
	@tests/deps
	@$(MAKE) --no-print-directory all
	@tests/bench-guests

clean:
	rm -rf $(B)
