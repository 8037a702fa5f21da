/* 8259 tracking.  The init sequence (8259A data sheet): a write to the
 * command port with bit 4 set is ICW1 and restarts initialization (and
 * clears the mask); the next data-port writes are ICW2 (vector base), ICW3
 * unless ICW1 says "single" (bit 1), and ICW4 if ICW1 bit 0 asks for it.
 * Any other data-port write is OCW1, the interrupt mask. */
#include "pic.h"
#include "cpu.h"
#include "counters.h"

#define ICW1_INIT   0x10
#define ICW1_SINGLE 0x02
#define ICW1_IC4    0x01

static void next_step_after(struct pic_chip *c, u8 done)
{
    if (done == 2 && !(c->icw1 & ICW1_SINGLE))
        c->init_step = 3;
    else if (done <= 3 && (c->icw1 & ICW1_IC4))
        c->init_step = 4;
    else
        c->init_step = 0;
}

static void track(struct pic_chip *c, int data_port, u8 v, int *icw2_seen)
{
    if (!data_port) {
        if (v & ICW1_INIT) {
            c->icw1 = v;
            c->imr = 0;
            c->init_step = 2;
        }
        return;                 /* OCW2/OCW3 do not matter here */
    }
    switch (c->init_step) {
    case 2:
        c->icw2 = v;
        *icw2_seen = 1;
        next_step_after(c, 2);
        break;
    case 3:
        c->icw3 = v;
        next_step_after(c, 3);
        break;
    case 4:
        c->icw4 = v;
        c->init_step = 0;
        break;
    default:
        c->imr = v;
    }
}

static void program(struct pic_chip *c, u8 base)
{
    outb(c->port, c->icw1);
    outb(c->port + 1, base);
    if (!(c->icw1 & ICW1_SINGLE))
        outb(c->port + 1, c->icw3);
    if (c->icw1 & ICW1_IC4)
        outb(c->port + 1, c->icw4);
    outb(c->port + 1, c->imr);
    c->icw2 = base;
    c->init_step = 0;
}

void pic_init(struct pic_tracker *p)
{
    static const struct pic_chip pc_default[2] = {
        { 0x20, ICW1_INIT | ICW1_IC4, 0x08, 0x04, 0x01, 0xFF, 0 },
        { 0xA0, ICW1_INIT | ICW1_IC4, 0x70, 0x02, 0x01, 0xFF, 0 },
    };
    for (int i = 0; i < 2; i++) {
        p->chip[i] = pc_default[i];
        program(&p->chip[i], pc_default[i].icw2);
    }
    p->pm_base[0] = 0x08;
    p->pm_base[1] = 0x70;
    p->icw2_written_in_assist = 0;
}

int pic_is_port(u16 port)
{
    return port == 0x20 || port == 0x21 || port == 0xA0 || port == 0xA1;
}

void pic_guest_write(struct pic_tracker *p, u16 port, u8 value, int in_assist)
{
    int icw2_seen = 0;

    track(&p->chip[port >= 0xA0], port & 1, value, &icw2_seen);
    if (icw2_seen && in_assist)
        p->icw2_written_in_assist = 1;
    outb(port, value);
}

int pic_set_bases(struct pic_tracker *p, u8 master, u8 slave)
{
    u8 base[2] = { master, slave };
    int n = 0;

    for (int i = 0; i < 2; i++) {
        if ((p->chip[i].icw2 & 0xF8) == base[i])
            continue;
        program(&p->chip[i], base[i]);
        n++;
    }
    counters.pic_reprograms += n;
    return n;
}
