/* hvmhost: a tiny SVM host that plays Xen 3.x's side of the real-mode
 * assist interface, so the assist blob is tested as it would run on Xen.
 * See README in this directory. */
#include "boot_info.h"
#include "guest_loader.h"
#include "guest_memory.h"
#include "firmware_view.h"
#include "paging.h"
#include "pic.h"
#include "run_loop.h"
#include "svm_setup.h"
#include "vcpu.h"
#include "log.h"

static u8 vcpu0_vmcb[4096] __attribute__((aligned(4096)));
static struct vcpu vcpu0;
static struct boot_info boot;

void hvmhost_main(u32 magic, u32 mbi);

void hvmhost_main(u32 magic, u32 mbi)
{
    struct vcpu *v = &vcpu0;
    u32 ncr3;

    log_printf("hvmhost: starting\n");
    boot_info_parse(magic, mbi, &boot);
    log_printf("hvmhost: mode %s, guest RAM %u MiB\n",
               boot.opt.native ? "native" : "assist", boot.opt.mem_mb);
    /* SeaBIOS leaves IRQ0 unmasked on vector 8: mask everything before
     * any guest runs, and start from a known init sequence. */
    pic_init(&v->pics);
    host_paging_enable();
    svm_enable();
    ncr3 = guest_memory_setup(&boot);
    firmware_view_init(guest_ram_size());
    load_guest_images(&boot);

    v->id = 0;
    v->vmcb = vcpu0_vmcb;
    vmcb_init_controls(v, ncr3);
    if (boot.opt.native)
        vmcb_set_reset_state(v);
    else
        vmcb_set_assist_entry(v);
    log_printf("hvmhost: entering the guest\n");
    run_vcpu(v, &boot.opt);
}
