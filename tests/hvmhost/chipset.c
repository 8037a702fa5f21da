/* i440FX PAM registers (Intel 82441FX data sheet): config space of 0:0.0,
 * PAM0 at 0x59 (0xF0000-0xFFFFF in bits 4-5) and PAM1-6 at 0x5A-0x5F (two
 * 16 KiB ranges of 0xC0000-0xEFFFF each).  3 in a field = read/write RAM. */
#include "chipset.h"
#include "cpu.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA    0xCFC
#define I440FX_PAM0        0x59
#define I440FX_PAM6        0x5F
#define PAM_BOTH_RW        0x33

static void pci_write8_host_bridge(u8 reg, u8 value)
{
    outl(PCI_CONFIG_ADDRESS, 0x80000000u | (reg & 0xFCu));
    outb((u16)(PCI_CONFIG_DATA + (reg & 3)), value);
}

void chipset_open_bios_area(void)
{
    for (u8 reg = I440FX_PAM0; reg <= I440FX_PAM6; reg++)
        pci_write8_host_bridge(reg, PAM_BOTH_RW);
}
