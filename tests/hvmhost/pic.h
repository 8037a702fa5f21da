/* Tracking of the two 8259 PICs, for Xen's vector-base protocol: the host
 * must know each PIC's current base (ICW2) and how to re-run its init
 * sequence, but the guest programs the real chips directly. */
#ifndef HVMHOST_PIC_H
#define HVMHOST_PIC_H

#include <vmxassist/types.h>

struct pic_chip {
    u16 port;           /* 0x20 or 0xA0 */
    u8 icw1, icw2, icw3, icw4, imr;
    u8 init_step;       /* 0: idle; 2, 3, 4: the ICW expected next */
};

struct pic_tracker {
    struct pic_chip chip[2];        /* master, slave */
    u8 pm_base[2];                  /* bases saved at INVOKE */
    int icw2_written_in_assist;     /* sticky, like Xen's flag */
};

/* Put both PICs in a known state: PC bases 0x08 / 0x70, all masked. */
void pic_init(struct pic_tracker *p);
/* A guest write to one of 0x20, 0x21, 0xA0, 0xA1: track and pass through. */
void pic_guest_write(struct pic_tracker *p, u16 port, u8 value, int in_assist);
/* Re-run the init sequence of both chips with new bases (skipped per chip
 * when its base does not change).  Returns how many chips were reprogrammed. */
int pic_set_bases(struct pic_tracker *p, u8 master, u8 slave);
int pic_is_port(u16 port);

#endif
