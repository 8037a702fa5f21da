/* Comparing an objdump-style rendering with objdump's own: the mnemonic
 * (prefix words dropped, a size suffix tolerated) and the operand shape
 * (register names exactly; immediates, memory operands and plain numbers
 * by kind). */
#include <string.h>
#include "oracle.h"

static const char *const prefix_words[] = {
    "lock", "rep", "repz", "repnz", "repe", "repne", "data16", "data32", "addr16",
    "addr32", "cs", "ds", "es", "ss", "fs", "gs", "notrack", "bnd", "xacquire",
    "xrelease", NULL,
};

static int is_prefix_word(const char *w, size_t n)
{
    for (int i = 0; prefix_words[i]; i++)
        if (strlen(prefix_words[i]) == n && !strncmp(prefix_words[i], w, n))
            return 1;
    return 0;
}

/* Skip the prefix words; return the mnemonic's start (and length). */
static const char *skip_prefixes(const char *t, size_t *len)
{
    for (;;) {
        while (*t == ' ')
            t++;
        size_t n = strcspn(t, " ");
        if (!is_prefix_word(t, n) || !t[n]) {
            *len = n;
            return t;
        }
        t += n;
    }
}

int prefix_only(const char *text)
{
    size_t n;
    const char *m = skip_prefixes(text, &n);
    return m[n] == 0 && is_prefix_word(m, n);
}

const char *mnemonic_of(const char *text, char *buf, unsigned size)
{
    size_t n;
    const char *m = skip_prefixes(text, &n);
    if (n >= size)
        n = size - 1;
    memcpy(buf, m, n);
    buf[n] = 0;
    return buf;
}

/* The mnemonic without a branch hint (",pt"/",pn": objdump takes them
 * from the first of several segment prefixes, the CPU from the last). */
static void drop_hint(char *m)
{
    char *c = strchr(m, ',');
    if (c)
        *c = 0;
}

int same_mnemonic(const char *ours, const char *theirs)
{
    char a[64], b[64];
    drop_hint((char *)mnemonic_of(ours, a, sizeof(a)));
    drop_hint((char *)mnemonic_of(theirs, b, sizeof(b)));
    size_t la = strlen(a), lb = strlen(b);
    if (!strcmp(a, b))
        return 1;
    /* one has a size suffix the other leaves out */
    if (la + 1 == lb && !strncmp(a, b, la) && strchr("bwlq", b[lb - 1]))
        return 1;
    if (lb + 1 == la && !strncmp(a, b, lb) && strchr("bwlq", a[la - 1]))
        return 1;
    return 0;
}

/* The shape token of one operand into `out`. */
static void token(const char *s, size_t n, char *out, size_t size)
{
    size_t k = 0;
    if (n && *s == '*') {
        out[k++] = '*';
        s++;
        n--;
    }
    if (n && *s == '$')
        out[k++] = 'I';
    else if (k && n && *s != '%')      /* "*0x1234": an indirect through memory */
        out[k++] = 'M';
    else if (memchr(s, '(', n) || memchr(s, ':', n))
        out[k++] = 'M';
    else if (n && *s == '%') {
        if (n > size - k - 1)
            n = size - k - 1;
        memcpy(out + k, s, n);
        k += n;
    } else
        out[k++] = 'N';
    out[k] = 0;
}

/* The operand shape: tokens joined by commas. */
static void shape_of(const char *text, char *out, size_t size)
{
    size_t n;
    const char *t = skip_prefixes(text, &n) + n;
    size_t k = 0;
    while (*t == ' ')
        t++;
    out[0] = 0;
    while (*t && k + 40 < size) {
        const char *start = t;
        int depth = 0;
        while (*t && (depth || *t != ',')) {
            depth += *t == '(' ? 1 : *t == ')' ? -1 : 0;
            t++;
        }
        /* "%st(1)" has parentheses but is a register */
        size_t len = (size_t)(t - start);
        if (!strncmp(start, "%st(", 4)) {
            memcpy(out + k, start, len);
            k += len;
        } else {
            token(start, len, out + k, size - k);
            k += strlen(out + k);
        }
        if (*t == ',') {
            out[k++] = ',';
            t++;
        }
        out[k] = 0;
    }
}

int same_shape(const char *ours, const char *theirs)
{
    char a[128], b[128];
    shape_of(ours, a, sizeof(a));
    shape_of(theirs, b, sizeof(b));
    return !strcmp(a, b);
}
