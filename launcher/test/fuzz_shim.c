/* The launcher's util.c for a hosted, sanitized build: libc provides mem* and strlen (util.c's own would hide
 * ASan's checks), allocations come from malloc so that ASan sees their bounds, and die() returns to the fuzz
 * target by longjmp instead of exiting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fuzz_one(const unsigned char *d, unsigned long n);

static jmp_buf *catcher;

int fuzz_catch(void (*fn)(void *), void *arg) {
    jmp_buf here, *outer = catcher;
    int code = setjmp(here);
    if (code == 0) {
        catcher = &here;
        fn(arg);
    }
    catcher = outer;
    return code;
}

void die_(int code, ...) {
    if (!catcher) abort(); /* a die outside fuzz_catch: the harness's own failure */
    longjmp(*catcher, code);
}

void warn_(int unused, ...) { (void)unused; } /* a warning goes on; the fuzzed input says nothing to anyone */

void *xalloc(unsigned long n) {
    void *p = calloc(1, n);
    if (!p) abort();
    return p;
}
void xfree(void *p, unsigned long n) { (void)n; free(p); }
const void *memchr_(const void *p, int c, unsigned long n) { return memchr(p, c, n); }
int streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
char *stpcpy_(char *d, const char *s) { return stpcpy(d, s); }
char *utoa_(char *d, unsigned long v) {
    char tmp[24], *t = tmp + sizeof tmp;
    *--t = 0;
    do *--t = (char)('0' + v % 10); while (v /= 10);
    return stpcpy(d, t);
}
const char *errname(long e) { (void)e; return "error"; }
const char *errname_nofollow(long e) { (void)e; return "error"; }
const char *getenv_(char **envp, const char *key) { (void)envp; (void)key; return NULL; }
int env_sets(char **envp, const char *opt, unsigned long n) { (void)envp; (void)opt; (void)n; return 0; }
unsigned long auxv_get(char **envp, unsigned long type) { (void)envp; (void)type; return 0; }
void process_restore(void) {} /* no execve runs here */
void xfsz_ignore(void) {}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return fuzz_one(d, n); }
