/* Zstandard decoder (RFC 8878), written from the format specification, pushing output to a sink.
 *
 * The input is one or more zstd frames (no skippable frames, no dictionaries). Each frame decodes into an
 * output buffer holding the window followed by a chunk: finished chunks are pushed to the sink (and into the
 * xxhash64 of the content checksum) and the window's last bytes slide to the front, as in inflate.c. The
 * window is bounded by ZSTD_MAXWIN, so memory is at most about twice that.
 *
 * Every count read from the input is checked before it is used: sizes against what remains of the input,
 * block and literal sizes against the 128 KiB block maximum, table descriptions against their accuracy
 * limits, offsets against the output so far and the window. Bitstreams read past their start yield zeros and
 * are refused when decoding ends, so a hostile stream can waste at most one block's worth of work. */
#include "hermit.h"

#define BLOCKMAX (128u << 10)
#ifndef ZSTD_CHUNK
#define ZSTD_CHUNK (1u << 20) /* the fuzz build sets a small one, as inflate.c's */
#endif
#define CHUNK ZSTD_CHUNK
#define SLACK 32u /* 16-byte copies may write up to 15 bytes past a match or literals */

#define MAXSEQ (BLOCKMAX / 3) /* every match is at least 3 bytes long */
#define AHEAD 8                /* sequences whose match source is prefetched before they run */

enum { LL_MAX = 35, ML_MAX = 52, OF_MAX = 31, LL_LOG = 9, ML_LOG = 9, OF_LOG = 8, HUF_LOG = 11 };

struct fse {
    u8 sym, bits;
    u16 base;
};
struct huf {
    u8 sym, bits;
};

struct zstd {
    struct fse ll[1 << LL_LOG], ml[1 << ML_LOG], of[1 << OF_LOG], wt[1 << 6];
    unsigned ll_log, ml_log, of_log; /* accuracy logs of the tables above */
    int have_ll, have_ml, have_of;   /* a table exists for the "repeat" mode */
    struct huf huf[1 << HUF_LOG];
    unsigned huf_log; /* 0: no Huffman table yet (treeless literals are refused) */
    u8 lit[BLOCKMAX + SLACK];
    u32 rep[3];
    struct seq {
        u32 ll, ml, off;
    } seq[MAXSEQ];
};

/* ---------------------------------------------------------------------------------------------- xxhash64 */
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static inline u64 rotl64(u64 x, unsigned r) { return x << r | x >> (64 - r); }
static inline u64 xxround(u64 acc, u64 in) { return rotl64(acc + in * P2, 31) * P1; }

void xxh64_init(struct xxh64 *h) {
    h->v[0] = P1 + P2, h->v[1] = P2, h->v[2] = 0, h->v[3] = 0 - P1;
    h->len = 0, h->n = 0;
}

void xxh64_update(struct xxh64 *h, const u8 *p, size_t n) {
    h->len += n;
    if (h->n) { /* top up a partial stripe first */
        size_t k = 32 - h->n < n ? 32 - h->n : n;
        memcpy(h->buf + h->n, p, k);
        h->n += (u32)k, p += k, n -= k;
        if (h->n < 32) return;
        for (int i = 0; i < 4; i++) h->v[i] = xxround(h->v[i], le64(h->buf + 8 * i));
        h->n = 0;
    }
    u64 v0 = h->v[0], v1 = h->v[1], v2 = h->v[2], v3 = h->v[3];
    for (; n >= 32; p += 32, n -= 32) {
        v0 = xxround(v0, le64(p)), v1 = xxround(v1, le64(p + 8));
        v2 = xxround(v2, le64(p + 16)), v3 = xxround(v3, le64(p + 24));
    }
    h->v[0] = v0, h->v[1] = v1, h->v[2] = v2, h->v[3] = v3;
    memcpy(h->buf, p, n);
    h->n = (u32)n;
}

u64 xxh64_final(const struct xxh64 *h) {
    u64 r;
    if (h->len >= 32) {
        r = rotl64(h->v[0], 1) + rotl64(h->v[1], 7) + rotl64(h->v[2], 12) + rotl64(h->v[3], 18);
        for (int i = 0; i < 4; i++) r = (r ^ xxround(0, h->v[i])) * P1 + P4;
    } else {
        r = P5; /* seed 0 */
    }
    r += h->len;
    const u8 *p = h->buf;
    u32 n = h->n;
    for (; n >= 8; p += 8, n -= 8) r = rotl64(r ^ xxround(0, le64(p)), 27) * P1 + P4;
    if (n >= 4) r = rotl64(r ^ (u64)le32(p) * P1, 23) * P2 + P3, p += 4, n -= 4;
    for (; n; p++, n--) r = rotl64(r ^ *p * P5, 11) * P1;
    r ^= r >> 33, r *= P2, r ^= r >> 29, r *= P3, r ^= r >> 32;
    return r;
}

/* ------------------------------------------------------------------------------------------ bit readers */
static inline unsigned highbit(u32 v) { return 31u - (unsigned)__builtin_clz(v); } /* v != 0 */

/* Backward bitstream (RFC 8878 §4.1 / §4.2.2): read from the end towards the start, the first bits read
 * being the highest ones below the final byte's padding marker. `bits` holds the 8 bytes at `p` (fewer for
 * a stream shorter than 8 bytes); `used` counts the bits consumed from its top. More than
 * 64 means the reader went past the start: the values were zeros, and the caller refuses the stream. */
struct br {
    const u8 *start, *p;
    u64 bits;
    unsigned used;
};

static int br_init(struct br *b, const u8 *s, size_t n) {
    if (n == 0 || s[n - 1] == 0) return -1; /* no padding marker */
    b->start = s;
    if (n >= 8) {
        b->p = s + n - 8;
        b->bits = le64(b->p);
        b->used = 0;
    } else {
        u64 v = 0;
        for (size_t i = n; i--;) v = v << 8 | s[i];
        b->p = s;
        b->bits = v; /* its top 64 - 8n bits are zero and count as used */
        b->used = (unsigned)(64 - 8 * n);
    }
    b->used += 8 - highbit(s[n - 1]); /* the marker bit and the zeros above it */
    return 0;
}

static inline void br_reload(struct br *b) {
    if (b->used > 64 || b->p == b->start) return;
    size_t nb = b->used >> 3, room = (size_t)(b->p - b->start);
    if (nb > room) nb = room;
    b->p -= nb;
    b->used -= (unsigned)nb * 8;
    b->bits = le64(b->p);
}

static inline u32 br_peek(const struct br *b, unsigned n) { /* n <= 32 */
    if (b->used >= 64) return 0;
    return (u32)((b->bits << b->used) >> 1 >> (63 - n));
}
static inline u32 br_read(struct br *b, unsigned n) {
    u32 v = br_peek(b, n);
    b->used += n;
    return v;
}
static inline int br_overrun(const struct br *b) { return b->used > 64; }
static inline int br_done(const struct br *b) { return b->used == 64 && b->p == b->start; }

/* ------------------------------------------------------------------------------------------ FSE tables */
/* Reads a table description (RFC 8878 §4.1.1) from the `n` bytes at `s` into `prob`; returns the bytes it
 * used, or -1. `maxsym` and `maxlog` are the limits of the table's use. */
static long fse_read_probs(const u8 *s, size_t n, short *prob, unsigned maxsym, unsigned maxlog, unsigned *log,
                           unsigned *nsym) {
    size_t bit = 0, limit = n * 8;
#define GET(k, out)                                                                                                    \
    do {                                                                                                               \
        if (bit + (k) > limit) return -1;                                                                              \
        u32 v_ = 0;                                                                                                    \
        for (unsigned i_ = 0; i_ < (k); i_++, bit++) v_ |= (u32)(s[bit >> 3] >> (bit & 7) & 1) << i_;                 \
        (out) = v_;                                                                                                    \
    } while (0)
    u32 al;
    GET(4, al);
    al += 5;
    if (al > maxlog) return -1;
    int remaining = (1 << al) + 1, threshold = 1 << al;
    unsigned nbits = al + 1, sym = 0;
    while (remaining > 1) {
        if (sym > maxsym) return -1;
        /* nbits - 1 bits when the low value is small enough, else nbits (values near the top are shifted) */
        u32 low, v;
        int max = (2 * threshold - 1) - remaining;
        size_t save = bit;
        GET(nbits - 1, low);
        if ((int)low < max) {
            v = low;
        } else {
            bit = save;
            GET(nbits, v);
            if ((int)v >= threshold) v -= (u32)max;
        }
        int p = (int)v - 1;
        remaining -= p < 0 ? -p : p;
        prob[sym++] = (short)p;
        if (p == 0) { /* 2-bit repeat flags: that many more zeros, 3 meaning "and more flags follow" */
            u32 r;
            do {
                GET(2, r);
                for (u32 i = 0; i < r; i++) {
                    if (sym > maxsym) return -1;
                    prob[sym++] = 0;
                }
            } while (r == 3);
        }
        while (remaining < threshold && threshold > 1) nbits--, threshold >>= 1;
    }
#undef GET
    if (remaining != 1) return -1;
    *log = al;
    *nsym = sym;
    return (long)((bit + 7) >> 3);
}

/* Builds the decoding table (RFC 8878 §4.1.1, "FSE table construction"); 0 or -1. */
static int fse_build(struct fse *t, const short *prob, unsigned nsym, unsigned al) {
    u32 size = 1u << al, high = size - 1, step = (size >> 1) + (size >> 3) + 3, mask = size - 1, pos = 0;
    u16 next[256];
    u32 total = 0;
    for (unsigned s = 0; s < nsym; s++) { /* validate first: the placement below trusts the sum */
        if (prob[s] < -1) return -1;
        total += prob[s] < 0 ? 1u : (u32)prob[s];
    }
    if (total != size) return -1;
    for (unsigned s = 0; s < nsym; s++) {
        if (prob[s] == -1) { /* "less than 1": one cell each, from the top */
            t[high--].sym = (u8)s;
            next[s] = 1;
        } else {
            next[s] = (u16)prob[s];
        }
    }
    for (unsigned s = 0; s < nsym; s++) {
        for (int i = 0; i < prob[s]; i++) {
            t[pos].sym = (u8)s;
            do pos = (pos + step) & mask;
            while (pos > high);
        }
    }
    if (pos != 0) return -1;
    for (u32 u = 0; u < size; u++) {
        u32 ns = next[t[u].sym]++;
        unsigned nb = al - highbit(ns);
        t[u].bits = (u8)nb;
        t[u].base = (u16)((ns << nb) - size);
    }
    return 0;
}

/* --------------------------------------------------------------------------------------------- Huffman */
/* Reads a Huffman tree description (RFC 8878 §4.2.1) and builds z->huf; returns the bytes used, or -1. */
static long huf_read(struct zstd *z, const u8 *s, size_t n) {
    u8 w[256];
    unsigned nw = 0;
    size_t used;
    if (n < 1) return -1;
    unsigned hb = s[0];
    if (hb >= 128) { /* direct: 4-bit weights, two per byte, high nibble first */
        nw = hb - 127;
        used = 1 + (nw + 1) / 2;
        if (used > n) return -1;
        for (unsigned i = 0; i < nw; i++) w[i] = (u8)(i & 1 ? s[1 + i / 2] & 15 : s[1 + i / 2] >> 4);
    } else { /* FSE-compressed weights, two interleaved states */
        used = 1 + (size_t)hb;
        if (hb == 0 || used > n) return -1;
        short prob[256];
        unsigned al, nsym;
        long h = fse_read_probs(s + 1, hb, prob, 11, 6, &al, &nsym);
        if (h < 0 || fse_build(z->wt, prob, nsym, al)) return -1;
        struct br b;
        if (br_init(&b, s + 1 + h, hb - (size_t)h)) return -1;
        u32 s1 = br_read(&b, al), s2 = br_read(&b, al);
        for (;;) {
            if (nw >= 255) return -1;
            w[nw++] = z->wt[s1].sym;
            br_reload(&b);
            s1 = z->wt[s1].base + br_read(&b, z->wt[s1].bits);
            if (br_overrun(&b)) {
                w[nw++] = z->wt[s2].sym;
                break;
            }
            if (nw >= 255) return -1;
            w[nw++] = z->wt[s2].sym;
            br_reload(&b);
            s2 = z->wt[s2].base + br_read(&b, z->wt[s2].bits);
            if (br_overrun(&b)) {
                if (nw >= 255) return -1;
                w[nw++] = z->wt[s1].sym;
                break;
            }
        }
    }
    /* the last symbol's weight is implied: it completes the sum to a power of two */
    u32 total = 0;
    for (unsigned i = 0; i < nw; i++) {
        if (w[i] > HUF_LOG) return -1;
        if (w[i]) total += 1u << (w[i] - 1);
    }
    if (total == 0) return -1;
    unsigned maxbits = highbit(total) + 1;
    if (maxbits > HUF_LOG) return -1;
    u32 rest = (1u << maxbits) - total;
    if (rest & (rest - 1)) return -1;
    w[nw++] = (u8)(highbit(rest) + 1);
    /* codes by increasing weight, then symbol: each takes 2^(weight-1) consecutive entries */
    u32 pos = 0;
    for (unsigned wt = 1; wt <= maxbits; wt++)
        for (unsigned sym = 0; sym < nw; sym++) {
            if (w[sym] != wt) continue;
            u32 k = 1u << (wt - 1);
            for (u32 i = 0; i < k; i++) z->huf[pos + i].sym = (u8)sym, z->huf[pos + i].bits = (u8)(maxbits + 1 - wt);
            pos += k;
        }
    if (pos != 1u << maxbits) return -1;
    z->huf_log = maxbits;
    return (long)used;
}

#define HUF_SYM(b, out)                                                                                                \
    do {                                                                                                               \
        const struct huf *e_ = &t[br_peek(&(b), lg)];                                                                  \
        *(out) = e_->sym;                                                                                              \
        (b).used += e_->bits;                                                                                          \
    } while (0)

/* Decodes the rest of one Huffman stream: out[i..n); 0, or -1 unless the stream ends exactly there. */
static int huf_tail(const struct zstd *z, struct br *bp, u8 *out, size_t i, size_t n) {
    const struct huf *t = z->huf;
    unsigned lg = z->huf_log;
    struct br b = *bp;
    while (n - i >= 4) { /* 4 x 11 bits fit the 57 a reload guarantees */
        br_reload(&b);
        HUF_SYM(b, out + i);
        HUF_SYM(b, out + i + 1);
        HUF_SYM(b, out + i + 2);
        HUF_SYM(b, out + i + 3);
        i += 4;
    }
    while (i < n) {
        br_reload(&b);
        HUF_SYM(b, out + i);
        i++;
    }
    br_reload(&b);
    return br_done(&b) ? 0 : -1;
}

static int huf_stream(const struct zstd *z, const u8 *s, size_t len, u8 *out, size_t n) {
    struct br b;
    return br_init(&b, s, len) ? -1 : huf_tail(z, &b, out, 0, n);
}

/* Four streams of `seg` symbols (the last one `last`), decoded in step: independent work for the CPU. */
static int huf_four(const struct zstd *z, const u8 *const s[4], const size_t len[4], u8 *out, size_t seg, size_t last) {
    struct br b0, b1, b2, b3;
    if (br_init(&b0, s[0], len[0]) || br_init(&b1, s[1], len[1]) || br_init(&b2, s[2], len[2]) ||
        br_init(&b3, s[3], len[3]))
        return -1;
    const struct huf *t = z->huf;
    unsigned lg = z->huf_log;
    u8 *o0 = out, *o1 = out + seg, *o2 = out + 2 * seg, *o3 = out + 3 * seg;
    size_t i = 0;
    for (; i + 4 <= last; i += 4) {
        br_reload(&b0), br_reload(&b1), br_reload(&b2), br_reload(&b3);
        for (int k = 0; k < 4; k++) {
            HUF_SYM(b0, o0 + i + k);
            HUF_SYM(b1, o1 + i + k);
            HUF_SYM(b2, o2 + i + k);
            HUF_SYM(b3, o3 + i + k);
        }
    }
    return huf_tail(z, &b0, o0, i, seg) || huf_tail(z, &b1, o1, i, seg) || huf_tail(z, &b2, o2, i, seg) ||
                   huf_tail(z, &b3, o3, i, last)
               ? -1
               : 0;
}

/* ------------------------------------------------------------------------------------------- sequences */
static const u32 ll_base[36] = {0,  1,  2,   3,   4,   5,   6,    7,    8,    9,     10,    11,
                                12, 13, 14,  15,  16,  18,  20,   22,   24,   28,    32,    40,
                                48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
static const u8 ll_bits[36] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
                               1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const u32 ml_base[53] = {3,  4,  5,  6,  7,  8,  9,  10, 11, 12,  13,  14,  15,   16,   17,   18,    19,    20,
                                21, 22, 23, 24, 25, 26, 27, 28, 29, 30,  31,  32,  33,   34,   35,   37,    39,    41,
                                43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539};
static const u8 ml_bits[53] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                               0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
/* the predefined distributions, RFC 8878 §3.1.1.3.2.2 */
static const short ll_def[36] = {4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1,  1,  2,  2,
                                 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1};
static const short ml_def[53] = {1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1,  1,  1,  1,  1,  1,  1,  1,
                                 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1};
static const short of_def[29] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

/* Sets up one of the three tables by its mode (RFC 8878 §3.1.1.3.2.1); returns the bytes used, or -1. */
static long seq_table(struct fse *t, unsigned *log, int *have, unsigned mode, const u8 *s, size_t n,
                      const short *def, unsigned ndef, unsigned deflog, unsigned maxsym, unsigned maxlog) {
    short prob[256];
    unsigned al, nsym;
    long used = 0;
    switch (mode) {
    case 0: /* predefined */
        if (fse_build(t, def, ndef, deflog)) return -1;
        *log = deflog;
        break;
    case 1: /* RLE: one symbol, every state */
        if (n < 1 || s[0] > maxsym) return -1;
        t[0].sym = s[0], t[0].bits = 0, t[0].base = 0;
        *log = 0;
        used = 1;
        break;
    case 2:
        used = fse_read_probs(s, n, prob, maxsym, maxlog, &al, &nsym);
        if (used < 0 || fse_build(t, prob, nsym, al)) return -1;
        *log = al;
        break;
    default: /* repeat the previous block's table */
        if (!*have) return -1;
        break;
    }
    *have = 1;
    return used;
}

/* Copies n bytes 16 at a time: may write up to 15 bytes past d + n and read past s + n. */
static inline void copy16(u8 *d, const u8 *s, size_t n) {
    u8 *e = d + n;
    while (d < e) {
        __builtin_memcpy(d, s, 16);
        d += 16, s += 16;
    }
}

/* ------------------------------------------------------------------------------------------------ frame */
struct out {
    u8 *buf;
    size_t cap, win, pos, flushed; /* buf[0..pos) decoded; [flushed..pos) not yet pushed */
    u64 frame_total;               /* bytes decoded in this frame */
    sink_fn sink;
    void *ctx;
    struct xxh64 xx;
    int checksum;
};

static int out_flush(struct out *o) {
    size_t n = o->pos - o->flushed;
    if (!n) return 0;
    if (o->checksum) xxh64_update(&o->xx, o->buf + o->flushed, n);
    int rc = o->sink(o->ctx, o->buf + o->flushed, n);
    o->flushed = o->pos;
    return rc;
}

#define BAD(reason) return (*why = (reason), EXIT_ARCHIVE)

/* Decodes a compressed block's content (literals, then sequences) of `n` bytes at `s` into o->buf at o->pos. */
static int block(struct zstd *z, struct out *o, const u8 *s, size_t n, size_t bmax, const char **why) {
    const u8 *end = s + n;
    /* literals section header, RFC 8878 §3.1.1.3.1.1 */
    if (n < 1) BAD("a compressed block is empty");
    unsigned type = s[0] & 3, sf = (s[0] >> 2) & 3;
    size_t regen, csize = 0, hl;
    int streams = 1;
    if (type < 2) {
        if (sf == 0 || sf == 2) hl = 1, regen = s[0] >> 3;
        else if (sf == 1) hl = 2, regen = (n < 2) ? 0 : le16(s) >> 4;
        else hl = 3, regen = (n < 3) ? 0 : (le32(s) & 0xffffff) >> 4;
    } else {
        streams = sf == 0 ? 1 : 4;
        hl = sf < 2 ? 3 : sf + 2;
        if (hl > n) BAD("the literals header is cut");
        u64 v = 0;
        for (size_t i = hl; i--;) v = v << 8 | s[i];
        unsigned w = sf < 2 ? 10 : sf == 2 ? 14 : 18;
        regen = (size_t)(v >> 4) & ((1u << w) - 1);
        csize = (size_t)(v >> (4 + w)) & ((1u << w) - 1);
    }
    if (hl > n) BAD("the literals header is cut");
    s += hl;
    if (regen > bmax) BAD("the literals exceed the block size");
    const u8 *lit = z->lit;
    if (type == 0) {
        if ((size_t)(end - s) < regen) BAD("raw literals are cut");
        memcpy(z->lit, s, regen); /* copied for the slack that the 16-byte copies below need */
        s += regen;
    } else if (type == 1) {
        if (end - s < 1) BAD("RLE literals are cut");
        memset(z->lit, s[0], regen);
        s += 1;
    } else {
        if ((size_t)(end - s) < csize) BAD("compressed literals are cut");
        const u8 *ls = s, *le = s + csize;
        s = le;
        if (type == 2) {
            long h = huf_read(z, ls, csize);
            if (h < 0) BAD("bad Huffman tree description");
            ls += h;
        } else if (!z->huf_log) {
            BAD("treeless literals with no previous Huffman table");
        }
        if (streams == 1) {
            if (huf_stream(z, ls, (size_t)(le - ls), z->lit, regen)) BAD("bad Huffman-coded literals");
        } else {
            if (le - ls < 6) BAD("the literals jump table is cut");
            size_t l1 = le16(ls), l2 = le16(ls + 2), l3 = le16(ls + 4), seg = (regen + 3) / 4;
            ls += 6;
            size_t room = (size_t)(le - ls);
            if (l1 > room || l2 > room - l1 || l3 > room - l1 - l2) BAD("the literals jump table is out of range");
            if (regen < 3 * seg) BAD("too few literals for four streams");
            const u8 *st[4] = {ls, ls + l1, ls + l1 + l2, ls + l1 + l2 + l3};
            size_t sl[4] = {l1, l2, l3, room - l1 - l2 - l3};
            if (huf_four(z, st, sl, z->lit, seg, regen - 3 * seg)) BAD("bad Huffman-coded literals");
        }
    }

    /* sequences section header, RFC 8878 §3.1.1.3.2.1 */
    if (end - s < 1) BAD("the sequences section is missing");
    u32 nseq = s[0];
    if (nseq < 128) {
        s += 1;
    } else if (nseq < 255) {
        if (end - s < 2) BAD("the sequences header is cut");
        nseq = ((nseq - 128) << 8) + s[1];
        s += 2;
    } else {
        if (end - s < 3) BAD("the sequences header is cut");
        nseq = s[1] + ((u32)s[2] << 8) + 0x7f00;
        s += 3;
    }
    u8 *dst = o->buf + o->pos, *stop = o->buf + o->pos + bmax;
    const u8 *lend = lit + regen;
    if (nseq) {
        if (end - s < 1) BAD("the sequences header is cut");
        unsigned modes = s[0];
        s += 1;
        if (modes & 3) BAD("reserved bits set in the sequences header");
        long u;
        u = seq_table(z->ll, &z->ll_log, &z->have_ll, modes >> 6, s, (size_t)(end - s), ll_def, 36, 6, LL_MAX, LL_LOG);
        if (u < 0) BAD("bad literal length table");
        s += u;
        u = seq_table(z->of, &z->of_log, &z->have_of, (modes >> 4) & 3, s, (size_t)(end - s), of_def, 29, 5, OF_MAX,
                      OF_LOG);
        if (u < 0) BAD("bad offset table");
        s += u;
        u = seq_table(z->ml, &z->ml_log, &z->have_ml, (modes >> 2) & 3, s, (size_t)(end - s), ml_def, 53, 6, ML_MAX,
                      ML_LOG);
        if (u < 0) BAD("bad match length table");
        s += u;

        struct br b;
        if (br_init(&b, s, (size_t)(end - s))) BAD("bad sequences bitstream");
        u32 sll = br_read(&b, z->ll_log), sof = br_read(&b, z->of_log);
        br_reload(&b);
        u32 sml = br_read(&b, z->ml_log);
        if (nseq > MAXSEQ) BAD("more sequences than a block can hold");
        /* first decode every sequence, then run them with the match sources of later ones prefetched: the
         * window is megabytes, so a match source is often not in the cache */
        u32 *rep = z->rep;
        struct seq *sq = z->seq;
        for (u32 i = 0; i < nseq; i++) {
            const struct fse *el = &z->ll[sll], *eo = &z->of[sof], *em = &z->ml[sml];
            unsigned ofc = eo->sym, mlc = em->sym, llc = el->sym;
            if (ofc > OF_MAX || mlc > ML_MAX || llc > LL_MAX) BAD("bad sequence code");
            br_reload(&b);
            u32 ofv = (1u << ofc) + br_read(&b, ofc);
            br_reload(&b);
            u32 ml = ml_base[mlc] + br_read(&b, ml_bits[mlc]);
            u32 ll = ll_base[llc] + br_read(&b, ll_bits[llc]);
            /* repeat offsets, RFC 8878 §3.1.1.5 */
            u32 off;
            if (ofv > 3) {
                off = ofv - 3;
                rep[2] = rep[1], rep[1] = rep[0], rep[0] = off;
            } else {
                unsigned k = ofv - 1 + (ll == 0); /* 0..3: rep[0], rep[1], rep[2], rep[0] - 1 */
                if (k == 0) {
                    off = rep[0];
                } else {
                    off = k == 3 ? rep[0] - 1 : rep[k];
                    if (off == 0) BAD("a repeat offset of zero");
                    if (k != 1) rep[2] = rep[1];
                    rep[1] = rep[0], rep[0] = off;
                }
            }
            if (i + 1 < nseq) {
                br_reload(&b);
                sll = el->base + br_read(&b, el->bits);
                sml = em->base + br_read(&b, em->bits);
                sof = eo->base + br_read(&b, eo->bits);
            }
            sq[i].ll = ll, sq[i].ml = ml, sq[i].off = off;
        }
        br_reload(&b);
        if (!br_done(&b)) BAD("the sequences bitstream does not end where it should");
        /* run them: ll literals, then ml bytes from `off` back; `ahead` is where sequence i + AHEAD starts */
        size_t ahead = (size_t)(dst - o->buf);
        for (u32 i = 0; i < nseq && i < AHEAD; i++) {
            __builtin_prefetch((const void *)((size_t)o->buf + ahead + sq[i].ll - sq[i].off));
            ahead += (size_t)sq[i].ll + sq[i].ml;
        }
        for (u32 i = 0; i < nseq; i++) {
            u32 ll = sq[i].ll, ml = sq[i].ml, off = sq[i].off;
            if (i + AHEAD < nseq) { /* unsigned arithmetic: a wild address is harmless to a prefetch */
                const struct seq *q = &sq[i + AHEAD];
                __builtin_prefetch((const void *)((size_t)o->buf + ahead + q->ll - q->off));
                ahead += (size_t)q->ll + q->ml;
            }
            /* execute: ll literals, then ml bytes from `off` back */
            if ((size_t)(lend - lit) < ll) BAD("a sequence uses more literals than decoded");
            if ((size_t)(stop - dst) < (size_t)ll + ml) BAD("a block decodes to more than the block size");
            copy16(dst, lit, ll); /* lit and dst both have >= 16 bytes of slack */
            dst += ll, lit += ll;
            /* the buffer holds the whole frame so far, or (once it slid) at least the window */
            if (off > (size_t)(dst - o->buf) || off > o->win) BAD("an offset reaches before the frame or the window");
            const u8 *src = dst - off;
            u8 *mend = dst + ml;
            if (off >= 16) {
                copy16(dst, src, ml);
            } else if (off >= 8) {
                do {
                    __builtin_memcpy(dst, src, 8);
                    dst += 8, src += 8;
                } while (dst < mend);
            } else {
                while (dst < mend) *dst++ = *src++;
            }
            dst = mend;
        }
    } else if (s != end) {
        BAD("data after an empty sequences section");
    }
    size_t rest = (size_t)(lend - lit);
    if ((size_t)(stop - dst) < rest) BAD("a block decodes to more than the block size");
    memcpy(dst, lit, rest);
    dst += rest;
    size_t got = (size_t)(dst - (o->buf + o->pos));
    o->pos += got;
    o->frame_total += got;
    return 0;
}

/* Decodes one frame starting at *pin; advances *pin past it. */
/* A frame header's Dictionary_ID and Frame_Content_Size field lengths, by their flags (RFC 8878 3.1.1.1.1). */
static const u8 DID_LEN[4] = {0, 1, 2, 4}, FCS_LEN[4] = {1, 2, 4, 8};

static int frame(struct zstd *z, const u8 **pin, const u8 *end, sink_fn sink, void *ctx, u64 *total,
                 const char **why) {
    const u8 *in = *pin;
    if (end - in < 6) BAD("a zstd frame header is cut");
    if (le32(in) != 0xFD2FB528u) BAD("not a zstd frame (bad magic number)");
    unsigned fhd = in[4];
    in += 5;
    unsigned fcs_flag = fhd >> 6, single = (fhd >> 5) & 1, check = (fhd >> 2) & 1, did = fhd & 3;
    if (fhd & 8) BAD("reserved bit set in the zstd frame header");
    u64 win = 0, fcs = 0;
    int has_fcs = fcs_flag || single;
    if (!single) {
        unsigned wd = *in++, e = wd >> 3;
        if (10 + e > 40) BAD("the zstd window is too large");
        u64 base = 1ull << (10 + e);
        win = base + (base >> 3) * (wd & 7);
    }
    size_t dl = DID_LEN[did], fl = has_fcs ? FCS_LEN[fcs_flag] : 0;
    if ((size_t)(end - in) < dl + fl) BAD("a zstd frame header is cut");
    for (size_t i = 0; i < dl; i++)
        if (in[i]) BAD("the zstd frame needs a dictionary");
    in += dl;
    if (fl) {
        for (size_t i = fl; i--;) fcs = fcs << 8 | in[i];
        if (fl == 2) fcs += 256;
        in += fl;
    }
    if (single) win = fcs;
    if (win > ZSTD_MAXWIN) BAD("the zstd window is larger than this launcher allows (128 MiB)");
    size_t bmax = win < BLOCKMAX ? (size_t)win : BLOCKMAX;

    /* the buffer: the window, then a chunk at least as large, then one block; a single-segment frame holds
     * all of its content and never slides */
    struct out o = {0};
    o.win = (size_t)win;
    size_t chunk = single ? 0 : (o.win > CHUNK ? o.win : CHUNK);
    o.cap = o.win + chunk + BLOCKMAX + SLACK;
    o.buf = xalloc(o.cap);
    o.sink = sink, o.ctx = ctx, o.checksum = check;
    xxh64_init(&o.xx);
    z->huf_log = 0;
    z->have_ll = z->have_ml = z->have_of = 0;
    z->rep[0] = 1, z->rep[1] = 4, z->rep[2] = 8;
    int rc = 0, last = 0;
    while (!last) {
        if (end - in < 3) {
            *why = "a zstd block header is cut";
            rc = EXIT_ARCHIVE;
            break;
        }
        u32 bh = (u32)in[0] | (u32)in[1] << 8 | (u32)in[2] << 16;
        in += 3;
        last = bh & 1;
        unsigned type = (bh >> 1) & 3;
        size_t size = bh >> 3;
        size_t csize = type == 1 ? 1 : size;
        if ((size_t)(end - in) < csize) {
            *why = "a zstd block is cut";
            rc = EXIT_ARCHIVE;
            break;
        }
        if (size > bmax) {
            *why = "a zstd block is larger than the block maximum";
            rc = EXIT_ARCHIVE;
            break;
        }
        if (type == 0) {
            memcpy(o.buf + o.pos, in, size);
            o.pos += size, o.frame_total += size;
        } else if (type == 1) {
            memset(o.buf + o.pos, in[0], size);
            o.pos += size, o.frame_total += size;
        } else if (type == 2) {
            if ((rc = block(z, &o, in, size, bmax, why))) break;
        } else {
            *why = "reserved zstd block type";
            rc = EXIT_ARCHIVE;
            break;
        }
        in += csize;
        if (has_fcs && o.frame_total > fcs) {
            *why = "a zstd frame decodes to more than its content size";
            rc = EXIT_ARCHIVE;
            break;
        }
        if (o.pos - o.flushed >= CHUNK && (rc = out_flush(&o))) break;
        if (o.pos >= o.win + chunk && !single) { /* slide: keep the last window's bytes */
            if ((rc = out_flush(&o))) break;
            memmove(o.buf, o.buf + o.pos - o.win, o.win);
            o.pos = o.flushed = o.win;
        }
    }
    if (!rc) rc = out_flush(&o);
    if (!rc && has_fcs && o.frame_total != fcs) *why = "a zstd frame decodes to less than its content size", rc = EXIT_ARCHIVE;
    if (!rc && check) {
        if (end - in < 4) *why = "the zstd content checksum is cut", rc = EXIT_ARCHIVE;
        else if (le32(in) != (u32)xxh64_final(&o.xx)) *why = ZSTD_BAD_CHECKSUM, rc = EXIT_ARCHIVE;
        else in += 4;
    }
    *total += o.frame_total;
    xfree(o.buf, o.cap);
    *pin = in;
    return rc;
}

int zstd_decode(const u8 *in, size_t in_len, sink_fn sink, void *ctx, u64 *out_total, const char **why) {
    struct zstd *z = xalloc(sizeof *z);
    const u8 *end = in + in_len;
    u64 total = 0;
    int rc = 0;
    if (in_len == 0) *why = "the compressed tree is empty", rc = EXIT_ARCHIVE;
    while (!rc && in < end) rc = frame(z, &in, end, sink, ctx, &total, why);
    if (!rc) *out_total = total;
    xfree(z, sizeof *z);
    return rc;
}

/* The length of the frame at `in` from its header and block headers alone (nothing is decoded), or 0 when they do
 * not describe a whole frame within `n` bytes. Only sizes are read: whether the frame decodes is zstd_decode's
 * question. */
static size_t frame_len(const u8 *in, size_t n) {
    if (n < 6 || le32(in) != 0xFD2FB528u) return 0;
    unsigned fhd = in[4], fcs_flag = fhd >> 6, single = (fhd >> 5) & 1, check = (fhd >> 2) & 1, did = fhd & 3;
    size_t at = 5 + (single ? 0 : 1) + DID_LEN[did] + (fcs_flag || single ? FCS_LEN[fcs_flag] : 0);
    for (int last = 0; !last;) {
        if (at > n || n - at < 3) return 0;
        u32 bh = (u32)in[at] | (u32)in[at + 1] << 8 | (u32)in[at + 2] << 16;
        size_t csize = ((bh >> 1) & 3) == 1 ? 1 : bh >> 3;
        last = bh & 1;
        at += 3;
        if (csize > n - at) return 0;
        at += csize;
    }
    if (check) at += 4;
    return at <= n ? at : 0;
}

static size_t distance(size_t a, size_t b) { return a > b ? a - b : b - a; }

size_t zstd_split(const u8 *in, size_t n) {
    if (n < ZSTD_SPLIT_MIN) return 0;
    size_t at = 0, best = 0;
    while (at < n) {
        size_t len = frame_len(in + at, n - at);
        if (!len) return 0;
        at += len;
        /* the frame start nearest the middle; `at < n`: the end of the last frame is no split */
        if (at < n && (best == 0 || distance(at, n / 2) < distance(best, n / 2))) best = at;
    }
    return best < n / 8 || n - best < n / 8 ? 0 : best;
}
