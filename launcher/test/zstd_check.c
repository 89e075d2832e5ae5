/* Test driver for zstd.c: decodes the zstd frames on stdin (a regular file) and prints
 * "<sha256 of the output> <output length>", or exits with the decoder's exit code. test.sh compares the
 * result with sha256sum of the original data, compressed by the zstd CLI at several levels and options. */
#include "../src/hermit.h"

ARCH_START

static int hash_sink(void *ctx, const u8 *p, size_t n) {
    sha256_update(ctx, p, n);
    return 0;
}

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    (void)sp;
    struct hstat st;
    if (sys_fstat(0, &st) < 0) die(2, "zstd_check: stdin must be a regular file");
    const u8 *in = st.size ? sys_mmap_file(0, (size_t)st.size) : (const u8 *)"";
    if (SYS_IS_ERR(in)) die(2, "zstd_check: mmap failed");
    struct sha256 c;
    u8 h[32];
    u64 total = 0;
    const char *why = NULL;
    sha256_init(&c);
    int rc = zstd_decode(in, (size_t)st.size, hash_sink, &c, &total, &why);
    if (rc) die(rc, "zstd_check: ", why);
    sha256_final(&c, h);
    char out[100], *w = out;
    for (int i = 0; i < 32; i++) *w++ = "0123456789abcdef"[h[i] >> 4], *w++ = "0123456789abcdef"[h[i] & 15];
    *w++ = ' ';
    w = utoa_(w, (unsigned long)total);
    *w++ = '\n';
    sys_write(1, out, (size_t)(w - out));
    sys_exit(0);
}
