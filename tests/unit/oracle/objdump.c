/* Run GNU objdump over a raw file and hand each instruction line to a
 * callback.  With --wide every instruction is one line:
 *     "  1a:\t0f 01 16 00 10 \tlgdt   0x1000"
 * (without it, long instructions continue on lines with bytes but no
 * second tab; those are folded into the line before). */
#include <stdlib.h>
#include <string.h>
#include "oracle.h"

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int objdump_run(const char *path, int def32, dump_line_fn fn, void *ctx)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof(cmd), "objdump -D -w -b binary -m %s '%s'",
             def32 ? "i386" : "i8086", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    struct dump d = { 0 };
    unsigned long off = 0;
    int have = 0;
    while (fgets(line, sizeof(line), p)) {
        char *s = line, *tab1, *tab2;
        unsigned long o = 0;
        while (*s == ' ')
            s++;
        if (hexval(*s) < 0)
            continue;
        while (hexval(*s) >= 0)
            o = o * 16 + hexval(*s++);
        if (*s != ':' || !(tab1 = strchr(s, '\t')))
            continue;
        tab2 = strchr(tab1 + 1, '\t');
        unsigned nbytes = 0;
        for (char *b = tab1 + 1; *b && b != tab2; b++)
            if (hexval(b[0]) >= 0 && hexval(b[1]) >= 0) {
                nbytes++;
                b++;
            }
        if (!tab2) {                 /* continuation of a long instruction */
            if (have)
                d.len += nbytes;
            continue;
        }
        if (have)
            fn(ctx, off, &d);
        char *t = tab2 + 1;
        size_t n = strcspn(t, "\n");
        while (n && t[n - 1] == ' ')
            n--;
        if (n >= sizeof(d.text))
            n = sizeof(d.text) - 1;
        memcpy(d.text, t, n);
        d.text[n] = 0;
        d.present = 1;
        d.len = nbytes;
        d.invalid = strstr(d.text, "(bad)") != NULL || prefix_only(d.text);
        off = o;
        have = 1;
    }
    if (have)
        fn(ctx, off, &d);
    return pclose(p);
}
