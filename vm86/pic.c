/*
 * The 8259 vector base, virtualized.  The assist's IDT takes IRQs at
 * 0x20-0x2F (after its exception vectors), so a real-mode guest's ICW2
 * (usually 0x08 / 0x70) is recorded in rm_irqbase and replaced by our base
 * on its way to the PIC.  The hypervisor reads rm_irqbase from the old
 * context at RESTORE (xen-abi.md, "PIC vector bases").
 */
#include <vmxassist/engine.h>
#include <vmxassist/io.h>

#define PIC_MASTER 0x20
#define PIC_SLAVE  0xA0

int pic_port(u16 port)
{
    return (port & ~1u) == PIC_MASTER || (port & ~1u) == PIC_SLAVE;
}

void pic_write(struct vcpu *v, u16 port, u8 value)
{
    unsigned which = (port & ~1u) == PIC_SLAVE;
    struct pic_shadow *p = &v->pic[which];

    if (!(port & 1)) {
        if (value & 0x10) {             /* ICW1 starts an init sequence */
            p->init_step = 2;
            p->need_icw4 = value & 1;
            p->single = (value >> 1) & 1;
        }
    } else if (p->init_step == 2) {     /* ICW2: the vector base */
        v->rm_irqbase[which] = value;
        value = (u8)((which ? VMXASSIST_PIC_BASE_SLAVE : VMXASSIST_PIC_BASE_MASTER) |
                     (value & 7));
        p->init_step = p->single ? (p->need_icw4 ? 4 : 0) : 3;
    } else if (p->init_step == 3) {     /* ICW3 */
        p->init_step = p->need_icw4 ? 4 : 0;
    } else if (p->init_step == 4) {     /* ICW4 */
        p->init_step = 0;
    }
    outb(port, value);
}

/* At start-up: both PICs on the assist's vectors, everything masked until
 * the guest programs them; the guest's bases default to the PC's. */
void pic_init_assist(struct vcpu *v)
{
    static const u8 master[] = { 0x11, VMXASSIST_PIC_BASE_MASTER, 0x04, 0x01 };
    static const u8 slave[] = { 0x11, VMXASSIST_PIC_BASE_SLAVE, 0x02, 0x01 };

    for (u16 port = PIC_MASTER; port <= PIC_MASTER + 1; port++)
        desc_trap_port(port);
    for (u16 port = PIC_SLAVE; port <= PIC_SLAVE + 1; port++)
        desc_trap_port(port);
    v->rm_irqbase[0] = 0x08;
    v->rm_irqbase[1] = 0x70;
    if (v->id)
        return;
    for (unsigned i = 0; i < 4; i++) {
        outb(PIC_MASTER + (i ? 1 : 0), master[i]);
        outb(PIC_SLAVE + (i ? 1 : 0), slave[i]);
    }
    outb(PIC_MASTER + 1, 0xFF);
    outb(PIC_SLAVE + 1, 0xFF);
}
