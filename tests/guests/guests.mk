# guests.mk - the test guests (included by the top Makefile).
#
#   $(B)/guests/hello.bin      flat binary, real mode only
#   $(B)/guests/roundtrip.bin  flat binary, 1000 real <-> protected round trips
#   $(B)/guests/mbhello.elf    multiboot ELF that drops to real mode and back
#   $(B)/guests/paging.bin     flat binary, real mode -> PE|PG through four
#                              kinds of page tables, GDT split over pages
#   $(B)/guests/solaris.elf    multiboot ELF: PAE paging, a GDT over two
#                              non-adjacent frames, 200 protected -> real
#                              (stale segment caches) -> protected trips
#   $(B)/guests/<pattern>.bin  the pattern guests (pattern.inc), flat binaries
#                              for the ranked patterns of guests.md
#   $(B)/guests/diffgen.elf    multiboot ELF: the differential program
#                              generator (random real-mode blocks)
#
# Plain GNU as; flat binaries are linked as ELF (kept, for symbols) and
# then stripped to raw bytes.

GUESTS_SRC := tests/guests
GUESTS_OUT := $(B)/guests
GUESTS_AS  := as --32 -I $(GUESTS_SRC)
GUESTS_LD  := ld -m elf_i386 --build-id=none -N --no-warn-rwx-segments -z noexecstack
# C for the guests (cwork.c), freestanding; -m16 or -m32 is added per object.
GUESTS_CFLAGS := -march=i686 -O2 -ffreestanding -fno-pic -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-builtin -mgeneral-regs-only \
	-fcf-protection=none -Wall -Wextra -Werror

# One flat guest per pattern group; each links the same companions.
# lmwalk, lmlimit, lmhigh, lmidt, lmgate and lmregs are longmode.S's other
# trips.
LM_GUESTS := lmwalk lmlimit lmhigh lmidt lmgate lmregs
PATTERN_GUESTS := sysregs msrcr flags modrm pewindow fartransfer bigreal addr32 \
	transrate picbase prefix longmode $(LM_GUESTS) a20 gates tasks gatefaults fxstate x87mf \
	fastlane segchk usable cr4chk ipwrap
PATTERN_ELFS := $(PATTERN_GUESTS:%=$(GUESTS_OUT)/%.elf)
PATTERN_LIBS := $(addprefix $(GUESTS_OUT)/,lib.o rmtrap.o pmtrap.o gdt.o rmcatch.o \
	memfill.o pic.o)

GUESTS := $(GUESTS_OUT)/hello.bin $(GUESTS_OUT)/roundtrip.bin \
	$(GUESTS_OUT)/bench_emulate.bin \
	$(GUESTS_OUT)/mbhello.elf $(GUESTS_OUT)/paging.bin $(GUESTS_OUT)/solaris.elf \
	$(PATTERN_GUESTS:%=$(GUESTS_OUT)/%.bin) \
	$(GUESTS_OUT)/diffgen.elf $(GUESTS_OUT)/garbage.elf

.PHONY: guests
guests: $(GUESTS)

$(GUESTS_OUT)/%.o: $(GUESTS_SRC)/%.S $(GUESTS_SRC)/guest.inc $(GUESTS_SRC)/pattern.inc
	@mkdir -p $(@D)
	$(GUESTS_AS) -o $@ $<

$(GUESTS_OUT)/hello.elf: $(addprefix $(GUESTS_OUT)/,hello.o lib.o rmtrap.o pic.o) \
		$(GUESTS_SRC)/flat.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/flat.ld -o $@ $(filter %.o,$^)

$(GUESTS_OUT)/roundtrip.elf: $(addprefix $(GUESTS_OUT)/,roundtrip.o lib.o \
		rmtrap.o pmtrap.o gdt.o) $(GUESTS_SRC)/flat.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/flat.ld -o $@ $(filter %.o,$^)

$(GUESTS_OUT)/paging.elf: $(addprefix $(GUESTS_OUT)/,paging.o lib.o \
		rmtrap.o pmtrap.o gdt.o) $(GUESTS_SRC)/flat.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/flat.ld -o $@ $(filter %.o,$^)

$(GUESTS_OUT)/mbhello.elf: $(addprefix $(GUESTS_OUT)/,mbhello.o lib.o \
		rmtrap.o pmtrap.o gdt.o) $(GUESTS_SRC)/multiboot.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/multiboot.ld -o $@ $(filter %.o,$^)

$(GUESTS_OUT)/bench_emulate.elf: $(addprefix $(GUESTS_OUT)/,bench_emulate.o lib.o) \
		$(GUESTS_SRC)/flat.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/flat.ld -o $@ $(filter %.o,$^)

$(GUESTS_OUT)/solaris.elf: $(addprefix $(GUESTS_OUT)/,solaris.o lib.o \
		rmtrap.o pmtrap.o) $(GUESTS_SRC)/multiboot.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/multiboot.ld -o $@ $(filter %.o,$^)

$(PATTERN_ELFS): $(GUESTS_OUT)/%.elf: $(GUESTS_OUT)/%.o $(PATTERN_LIBS) \
		$(GUESTS_SRC)/flat.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/flat.ld -o $@ $(filter %.o,$^)

# longmode.S's other trips, one guest each (longmode.S says which).
LM_TRIP_lmwalk := 2
LM_TRIP_lmlimit := 3
LM_TRIP_lmhigh := 4
LM_TRIP_lmidt := 5
LM_TRIP_lmgate := 6
LM_TRIP_lmregs := 7
$(LM_GUESTS:%=$(GUESTS_OUT)/%.o): $(GUESTS_OUT)/%.o: $(GUESTS_SRC)/longmode.S \
		$(GUESTS_SRC)/guest.inc $(GUESTS_SRC)/pattern.inc
	@mkdir -p $(@D)
	$(GUESTS_AS) --defsym TRIP=$(LM_TRIP_$*) -o $@ $<

# prefix runs cwork.c built for 16-bit code and, as its oracle, for 32-bit.
$(GUESTS_OUT)/cwork16.o $(GUESTS_OUT)/cwork32.o: $(GUESTS_OUT)/cwork%.o: \
		$(GUESTS_SRC)/cwork.c $(GUESTS_SRC)/guests.mk
	@mkdir -p $(@D)
	$(CC) -m$* $(GUESTS_CFLAGS) -DCWORK=cwork$* -c -o $@ $<
$(GUESTS_OUT)/prefix.elf: $(GUESTS_OUT)/cwork16.o $(GUESTS_OUT)/cwork32.o

$(GUESTS_OUT)/%.bin: $(GUESTS_OUT)/%.elf
	$(OBJCOPY) -O binary $< $@

# diffgen.elf (diffgen.c, diffrun.S; tests/system/diff.sh): the generator
# is 32-bit C.
$(GUESTS_OUT)/diffgen.o: $(GUESTS_SRC)/diffgen.c $(GUESTS_SRC)/guestc.h $(GUESTS_SRC)/guests.mk
	@mkdir -p $(@D)
	$(CC) -m32 $(GUESTS_CFLAGS) -Iinclude -c -o $@ $<

$(GUESTS_OUT)/diffgen.elf: $(addprefix $(GUESTS_OUT)/,diffrun.o diffgen.o lib.o \
		pmtrap.o) $(GUESTS_SRC)/diffgen.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/diffgen.ld -o $@ $(filter %.o,$^)

# garbage.elf (garbage.c, garbagerun.S; tests/system/garbage.sh): hostile
# random instruction bytes in big real mode.
$(GUESTS_OUT)/garbage.o: $(GUESTS_SRC)/garbage.c $(GUESTS_SRC)/guestc.h $(GUESTS_SRC)/guests.mk
	@mkdir -p $(@D)
	$(CC) -m32 $(GUESTS_CFLAGS) -c -o $@ $<

$(GUESTS_OUT)/garbage.elf: $(addprefix $(GUESTS_OUT)/,garbagerun.o garbage.o lib.o) \
		$(GUESTS_SRC)/garbage.ld
	$(GUESTS_LD) -T $(GUESTS_SRC)/garbage.ld -o $@ $(filter %.o,$^)
