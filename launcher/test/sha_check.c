/* Test driver for sha256.c: prints the SHA-256 of stdin (a regular file) twice, as "<hash> <hash>": through
 * sha256_update in uneven pieces (the CPU's SHA instructions where the launcher uses them), and through the
 * portable block function alone; then "accelerated" or "portable". test.sh compares both with sha256sum. */
#include "../src/hermit.h"

ARCH_START

static void hex(char *w, const u8 h[32]) {
    for (int i = 0; i < 32; i++) *w++ = "0123456789abcdef"[h[i] >> 4], *w++ = "0123456789abcdef"[h[i] & 15];
}

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    (void)sp;
    struct hstat st;
    if (sys_fstat(0, &st) < 0) die(2, "sha_check: stdin must be a regular file");
    const u8 *in = st.size ? sys_mmap_file(0, (size_t)st.size) : (const u8 *)"";
    if (SYS_IS_ERR(in)) die(2, "sha_check: mmap failed");
    struct sha256 c;
    u8 a[32], b[32];
    sha256_init(&c);
    for (size_t at = 0, step = 1; at < st.size; at += step, step = step * 7 % 1000 + 1)
        sha256_update(&c, in + at, step < st.size - at ? step : st.size - at);
    sha256_final(&c, a);
    /* the portable path: whole blocks straight, the tail through a padded copy */
    u32 h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t whole = st.size / 64;
    sha256_blocks_portable(h, in, whole);
    u8 last[128] = {0};
    size_t rest = st.size - whole * 64, n = rest < 56 ? 64 : 128;
    memcpy(last, in + whole * 64, rest);
    last[rest] = 0x80;
    for (int i = 0; i < 8; i++) last[n - 1 - i] = (u8)((u64)st.size * 8 >> (8 * i));
    sha256_blocks_portable(h, last, n / 64);
    for (int i = 0; i < 8; i++)
        b[4 * i] = (u8)(h[i] >> 24), b[4 * i + 1] = (u8)(h[i] >> 16), b[4 * i + 2] = (u8)(h[i] >> 8), b[4 * i + 3] = (u8)h[i];
    char out[160], *w = out;
    hex(w, a), w += 64, *w++ = ' ';
    hex(w, b), w += 64, *w++ = ' ';
    w = stpcpy_(w, sha256_accelerated() ? "accelerated" : "portable");
    *w++ = '\n';
    sys_write(1, out, (size_t)(w - out));
    sys_exit(0);
}
