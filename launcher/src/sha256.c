/* SHA-256 (FIPS 180-4). Blocks are hashed straight from the mapped file; only a partial block is copied. */
#include "hermit.h"

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void blocks_portable(u32 h[8], const u8 *p, size_t nblocks) {
    u32 w[64];
    while (nblocks--) {
        for (int i = 0; i < 16; i++)
            w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            u32 s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            u32 s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        u32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            u32 t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            u32 t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
        p += 64;
    }
}

#if defined(__x86_64__)
/* The x86 SHA extensions (SHA-NI: Intel since Goldmont and Ice Lake, AMD since Zen), about five times the portable
 * code's speed: a cold run hashes the whole payload. Written from the instructions' definitions in Intel's SDM:
 * SHA256RNDS2 does two rounds on the state held as {A,B,E,F} and {C,D,G,H} (highest lane first) with W+K of the two
 * rounds in the low lanes of its third operand; SHA256MSG1 and SHA256MSG2 compute the message schedule four words
 * at a time. Chosen at run time by CPUID, so the launcher still runs on any x86_64. */
#include <immintrin.h>

__attribute__((target("sha,ssse3,sse4.1"))) static void blocks_shani(u32 h[8], const u8 *p, size_t nblocks) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll); /* big-endian words */
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1); /* B A D C, lowest lane first */
    __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* H G F E */
    __m128i abef = _mm_alignr_epi8(t, efgh, 8);      /* F E B A */
    __m128i cdgh = _mm_blend_epi16(efgh, t, 0xF0);   /* H G D C */
    while (nblocks--) {
        __m128i abef0 = abef, cdgh0 = cdgh, m[4];
        for (int i = 0; i < 4; i++) m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
        for (int i = 0; i < 16; i++) {
            __m128i w = m[i & 3]; /* W[4i .. 4i+3] */
            if (i >= 4) {         /* W[t] = W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]) */
                __m128i x = _mm_sha256msg1_epu32(m[i & 3], m[(i + 1) & 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(m[(i + 3) & 3], m[(i + 2) & 3], 4));
                w = m[i & 3] = _mm_sha256msg2_epu32(x, m[(i + 3) & 3]);
            }
            __m128i wk = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                        /* rounds 4i, 4i+1 */
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E)); /* rounds 4i+2, 4i+3 */
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
        p += 64;
    }
    t = _mm_shuffle_epi32(abef, 0x1B);    /* A B E F */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1); /* G H C D */
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, cdgh, 0xF0)); /* A B C D */
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, t, 8));   /* E F G H */
}

static int have_shani(void) {
    static int known = -1;
    if (known < 0) {
        u32 a, b, c, d;
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
        int ok = a >= 7;
        if (ok) {
            __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
            ok = (c >> 9 & 1) && (c >> 19 & 1); /* SSSE3, SSE4.1 */
        }
        if (ok) {
            __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
            ok = b >> 29 & 1; /* SHA */
        }
        known = ok;
    }
    return known;
}

int sha256_accelerated(void) { return have_shani(); }

static void blocks(u32 h[8], const u8 *p, size_t nblocks) {
    if (nblocks && have_shani()) blocks_shani(h, p, nblocks);
    else blocks_portable(h, p, nblocks);
}
#else
int sha256_accelerated(void) { return 0; }
#define blocks blocks_portable
#endif

void sha256_blocks_portable(u32 h[8], const u8 *p, size_t nblocks) { blocks_portable(h, p, nblocks); }

void sha256_init(struct sha256 *c) {
    static const u32 iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, iv, sizeof iv);
    c->len = 0;
    c->n = 0;
}

void sha256_update(struct sha256 *c, const u8 *p, size_t n) {
    c->len += n;
    if (c->n) {
        while (n && c->n < 64) c->buf[c->n++] = *p++, n--;
        if (c->n < 64) return;
        blocks(c->h, c->buf, 1);
        c->n = 0;
    }
    blocks(c->h, p, n >> 6);
    p += n & ~(size_t)63;
    for (n &= 63; n; n--) c->buf[c->n++] = *p++;
}

void sha256_final(struct sha256 *c, u8 out[32]) {
    u64 bits = c->len << 3;
    u8 pad[72] = {0x80};
    size_t padn = (c->n < 56) ? 56 - c->n : 120 - c->n;
    for (int i = 0; i < 8; i++) pad[padn + i] = (u8)(bits >> (56 - 8 * i));
    sha256_update(c, pad, padn + 8);
    for (int i = 0; i < 8; i++)
        out[4 * i] = (u8)(c->h[i] >> 24), out[4 * i + 1] = (u8)(c->h[i] >> 16), out[4 * i + 2] = (u8)(c->h[i] >> 8),
                  out[4 * i + 3] = (u8)c->h[i];
}
