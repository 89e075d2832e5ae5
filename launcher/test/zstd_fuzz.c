/* Mutation loop for zstd.c, built for the host with libc and -fsanitize=address,undefined (test.sh):
 *   zstd_fuzz SEED ITERATIONS FRAME...
 * Each iteration takes one of the valid frames, applies 1-8 seeded mutations (bit flips, byte values,
 * truncation, duplicated or deleted stretches) and decodes the result; the sanitizers abort on any memory
 * error or undefined behaviour. The input being decoded is written to $ZSTD_FUZZ_LAST first (when set), so
 * a crash leaves its reproducer behind. With ITERATIONS 0, each FRAME is decoded once as it is and the
 * result printed (a fixture check). Prints how many inputs decoded, failed cleanly, or failed the checksum. */
#include "../src/hermit.h"

void *calloc(size_t n, size_t m);
void free(void *p);
void *malloc(size_t n);
int printf(const char *f, ...);
char *getenv(const char *k);
unsigned long strtoul(const char *s, char **end, int base);
void exit(int code);
int strcmp(const char *a, const char *b);

/* the decoder's allocator: exact-size heap blocks, so the address sanitizer sees every overrun */
void *xalloc(size_t n) {
    void *p = calloc(1, n ? n : 1);
    if (!p) exit(119);
    return p;
}
void xfree(void *p, size_t n) { free(p); }

static u64 rng;
static u32 next(void) { /* xorshift64* */
    rng ^= rng >> 12, rng ^= rng << 25, rng ^= rng >> 27;
    return (u32)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static u64 produced;
static int count_sink(void *ctx, const u8 *p, size_t n) {
    for (size_t i = 0; i < n; i++) produced += p[i]; /* touch every byte */
    return 0;
}

static u8 *slurp(const char *path, size_t *n) {
    long fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    struct hstat st;
    if (fd < 0 || sys_fstat((int)fd, &st) < 0) exit(2);
    u8 *p = malloc((size_t)st.size + 1);
    size_t got = 0;
    while (got < (size_t)st.size) {
        long r = sys_read((int)fd, p + got, (size_t)st.size - got);
        if (r <= 0) exit(2);
        got += (size_t)r;
    }
    sys_close((int)fd);
    *n = got;
    return p;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        printf("usage: zstd_fuzz SEED ITERATIONS FRAME...\n");
        return 2;
    }
    rng = strtoul(argv[1], 0, 10) * 0x9E3779B97F4A7C15ull + 1;
    unsigned long iters = strtoul(argv[2], 0, 10);
    int nf = argc - 3;
    u8 **f = malloc(sizeof *f * (size_t)nf);
    size_t *fl = malloc(sizeof *fl * (size_t)nf);
    for (int i = 0; i < nf; i++) f[i] = slurp(argv[3 + i], &fl[i]);
    const char *last = getenv("ZSTD_FUZZ_LAST");
    unsigned long ok = 0, bad = 0, sum = 0;
    if (iters == 0) {
        for (int i = 0; i < nf; i++) {
            u64 total = 0;
            const char *why = 0;
            int rc = zstd_decode(f[i], fl[i], count_sink, 0, &total, &why);
            printf("%s: rc=%d %s total=%llu\n", argv[3 + i], rc, why ? why : "", (unsigned long long)total);
        }
        return 0;
    }
    for (unsigned long it = 0; it < iters; it++) {
        int k = (int)(next() % (unsigned)nf);
        size_t n = fl[k], cap = n * 2 + 64;
        u8 *m = malloc(cap);
        memcpy(m, f[k], n);
        int muts = 1 + (int)(next() % 8);
        for (int j = 0; j < muts; j++) {
            u32 r = next() % 8, at = n ? next() % (u32)n : 0;
            if (r < 3 && n) m[at] ^= (u8)(1u << (next() % 8)); /* bit flip */
            else if (r < 5 && n) m[at] = (u8)next(); /* a random byte */
            else if (r == 5 && n) n = at; /* truncate */
            else if (r == 6 && n) { /* delete a stretch */
                u32 len = next() % 64;
                if (len > n - at) len = (u32)(n - at);
                memmove(m + at, m + at + len, n - at - len);
                n -= len;
            } else { /* duplicate a stretch */
                u32 len = next() % 64;
                if (len > n - at) len = (u32)(n - at);
                if (n + len <= cap) {
                    memmove(m + at + len, m + at, n - at);
                    n += len;
                }
            }
        }
        /* an exact-size copy: reads past the end are caught */
        u8 *in = malloc(n ? n : 1);
        memcpy(in, m, n);
        free(m);
        if (last) {
            long fd = sys_openat(AT_FDCWD, last, O_WRONLY | O_CREAT | 01000 /* O_TRUNC */ | O_CLOEXEC, 0600);
            if (fd >= 0) sys_write((int)fd, in, n), sys_close((int)fd);
        }
        u64 total = 0;
        const char *why = 0;
        int rc = zstd_decode(in, n, count_sink, 0, &total, &why);
        if (rc == 0) ok++;
        else if (rc == EXIT_ARCHIVE && why && strcmp(why, ZSTD_BAD_CHECKSUM) == 0) sum++;
        else if (rc == EXIT_ARCHIVE && why) bad++;
        else {
            printf("iteration %lu: rc=%d without a reason\n", it, rc);
            return 1;
        }
        free(in);
    }
    printf("%lu mutated frames: %lu decoded, %lu refused as malformed, %lu failed the checksum\n", iters, ok, bad, sum);
    return 0;
}
