/* The little of libc the launcher needs. clang emits calls to memcpy/memset/memmove/memcmp even with
 * -fno-builtin, so these must exist with their standard names. */
#include "hermit.h"

void *memcpy(void *d, const void *s, size_t n) {
    u8 *dp = d;
    const u8 *sp = s;
    while (n >= sizeof(long)) {
        long w;
        __builtin_memcpy(&w, sp, sizeof w);
        __builtin_memcpy(dp, &w, sizeof w);
        dp += sizeof w, sp += sizeof w, n -= sizeof w;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n) {
    u8 *dp = d;
    const u8 *sp = s;
    if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];
    return d;
}

void *memset(void *d, int c, size_t n) {
    u8 *dp = d;
    while (n--) *dp++ = (u8)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

size_t strlen(const char *s) {
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

int streq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

char *stpcpy_(char *d, const char *s) {
    while ((*d = *s)) d++, s++;
    return d;
}

char *utoa_(char *d, unsigned long v) {
    static const unsigned long pow10[] = {
#if __SIZEOF_LONG__ == 8
        10000000000000000000ul, 1000000000000000000ul, 100000000000000000ul, 10000000000000000ul,
        1000000000000000ul,     100000000000000ul,     10000000000000ul,     1000000000000ul,
        100000000000ul,         10000000000ul,
#endif
        1000000000ul,           100000000ul,           10000000ul,           1000000ul,
        100000ul,               10000ul,               1000ul,               100ul,
        10ul,                   1ul};
    int started = 0;
    for (unsigned i = 0; i < sizeof pow10 / sizeof pow10[0]; i++) {
        char digit = '0';
        while (v >= pow10[i]) v -= pow10[i], digit++;
        if (digit != '0' || started || pow10[i] == 1) *d++ = digit, started = 1;
    }
    *d = 0;
    return d;
}

const char *errname(long e) {
    switch (-e) {
    case EPERM: return "operation not permitted";
    case ENOENT: return "no such file or directory";
    case EIO: return "I/O error";
    case E2BIG: return "argument list too long";
    case ENOEXEC: return "exec format error";
    case ENOMEM: return "out of memory";
    case EACCES: return "permission denied";
    case EEXIST: return "file exists";
    case ENOTDIR: return "not a directory";
    case EISDIR: return "is a directory";
    case EMFILE: return "too many open files";
    case EFBIG: return "file too large";
    case ENOSPC: return "no space left on device";
    case EROFS: return "read-only file system";
    case ENAMETOOLONG: return "file name too long";
    case ENOTEMPTY: return "directory not empty";
    case ELOOP: return "too many levels of symbolic links";
    case EDQUOT: return "disk quota exceeded";
    default: return "system error";
    }
}

/* For a call with O_NOFOLLOW, where ELOOP means the last component is a symlink. */
const char *errname_nofollow(long e) { return e == -ELOOP ? "is a symbolic link" : errname(e); }

/* The auxiliary vector follows envp's NULL on the initial stack (System V ABI, every arch); 0 when absent. */
unsigned long auxv_get(char **envp, unsigned long type) {
    while (*envp) envp++;
    for (unsigned long *av = (unsigned long *)(envp + 1); av[0]; av += 2)
        if (av[0] == type) return av[1];
    return 0;
}

void *xalloc(size_t n) {
    void *p = sys_mmap_anon(n);
    if (SYS_IS_ERR(p)) die(EXIT_SYSTEM, "out of memory (mmap failed)", "", "", "; free some memory and retry");
    return p;
}

void xfree(void *p, size_t n) { sys_munmap(p, n); }

/* One line on stderr: the prefix, then the strings up to a NULL, newlines in them made spaces. */
static void say(const char *prefix, __builtin_va_list ap) {
    char line[768];
    char *e = line + sizeof line - 2, *w = stpcpy_(line, prefix);
    for (const char *s; (s = __builtin_va_arg(ap, const char *));)
        for (; *s && w < e; s++) *w++ = (*s == '\n') ? ' ' : *s;
    *w++ = '\n';
    sys_write(2, line, (size_t)(w - line));
}

void die_(int code, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, code);
    say("hermit: ", ap);
    __builtin_va_end(ap);
    sys_exit(code);
}

void warn_(int unused, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, unused);
    say("hermit: warning: ", ap);
    __builtin_va_end(ap);
}

const char *getenv_(char **envp, const char *key) {
    size_t n = strlen(key);
    for (; *envp; envp++)
        if (memcmp(*envp, key, n) == 0 && (*envp)[n] == '=') return *envp + n + 1;
    return NULL;
}

/* Whether JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS or _JAVA_OPTIONS holds `opt` (n bytes, e.g. "-Dname=" or
 * "-Xshare:"): the JVM reads the first two before the command line, so an option of the launcher's for the same
 * setting would override the user's; the third after it, where the user's wins, but what the launcher derives from
 * its own (user.language's format, a class list recorded) must then step aside all the same. */
int env_sets(char **envp, const char *opt, size_t n) {
    static const char *const vars[3] = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv_(envp, vars[i]);
        for (size_t left = v ? strlen(v) : 0; left >= n; v++, left--)
            if (memcmp(v, opt, n) == 0) return 1;
    }
    return 0;
}

const void *memchr_(const void *p, int c, size_t n) {
    const u8 *s = p;
    for (; n; n--, s++)
        if (*s == (u8)c) return s;
    return NULL;
}
