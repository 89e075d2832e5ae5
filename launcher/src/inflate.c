/* Raw deflate decoder (RFC 1951), table driven.
 *
 * Bits come from a 64-bit buffer refilled to >= 56 bits before each symbol, which covers the longest
 * length/distance pair (15+5+15+13 = 48 bits) without another refill. Huffman codes are decoded with a
 * root table (10 bits for literal/length, 8 for distance) plus subtables for longer codes.
 *
 * Output goes to a window buffer: 32 KiB of history followed by a 1 MiB chunk. When the chunk is full it is
 * pushed to the sink and the last 32 KiB slide to the front. Past the end of the input the decoder reads zero
 * bytes and counts them, so the hot loop has no end-of-input branch; using any of them is an error (and more
 * than 8 of them stops a truncated stream at once). */
#include "hermit.h"

#define WIN 32768u
#ifndef INFLATE_CHUNK
#define INFLATE_CHUNK (1u << 20) /* the fuzz build sets a small one, so that its small inputs slide the window */
#endif
#define CHUNK INFLATE_CHUNK
#define OUTCAP (WIN + CHUNK + 258 + 16) /* one match past the flush point, plus 8-byte copy overrun */

#define LROOT 10
#define DROOT 8
#define CROOT 7
#define LCAP 2048
#define DCAP 1024

/* table entry: bits 0-3 code length, 4-7 extra bits (or subtable bits), 8-11 kind, 16-31 value */
enum { K_BAD = 0, K_LIT = 1, K_LEN = 2, K_END = 3, K_SUB = 4 };
#define ENT(kind, extra, value) ((u32)(kind) << 8 | (u32)(extra) << 4 | (u32)(value) << 16)
#define E_LEN(e) ((e)&15)
#define E_EXTRA(e) (((e) >> 4) & 15)
#define E_KIND(e) (((e) >> 8) & 15)
#define E_VAL(e) ((e) >> 16)

struct inflater {
    u32 lit[LCAP];
    u32 dist[DCAP];
    u32 clen[1 << CROOT];
    u32 lit_leaf[288];
    u32 dist_leaf[32];
    u32 clen_leaf[19];
    u8 lens[288 + 32];
    u8 out[OUTCAP];
};

static const u16 len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const u8 len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const u16 dist_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,    65,    97,    129,
                                  193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const u8 dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const u8 clen_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

static void init_leaves(struct inflater *z) {
    for (int i = 0; i < 256; i++) z->lit_leaf[i] = ENT(K_LIT, 0, i);
    z->lit_leaf[256] = ENT(K_END, 0, 0);
    for (int i = 0; i < 29; i++) z->lit_leaf[257 + i] = ENT(K_LEN, len_extra[i], len_base[i]);
    z->lit_leaf[286] = z->lit_leaf[287] = ENT(K_BAD, 0, 0);
    for (int i = 0; i < 30; i++) z->dist_leaf[i] = ENT(K_LEN, dist_extra[i], dist_base[i]);
    z->dist_leaf[30] = z->dist_leaf[31] = ENT(K_BAD, 0, 0);
    for (int i = 0; i < 19; i++) z->clen_leaf[i] = ENT(K_LIT, 0, i);
}

/* Builds a canonical Huffman decode table. Over-subscribed code sets are rejected; incomplete ones are
 * accepted and their unused slots decode as K_BAD. Returns 0, or -1 for a bad code. */
static int build(u32 *t, unsigned cap, int root, const u8 *lens, int n, const u32 *leaf) {
    u16 count[16] = {0}, offs[16], sorted[288];
    int maxlen = 0;
    for (int i = 0; i < n; i++) count[lens[i]]++;
    count[0] = 0;
    int left = 1;
    for (int l = 1; l < 16; l++) {
        left = (left << 1) - count[l];
        if (left < 0) return -1;
        if (count[l]) maxlen = l;
    }
    offs[1] = 0;
    for (int l = 1; l < 15; l++) offs[l + 1] = offs[l] + count[l];
    int used = 0;
    for (int i = 0; i < n; i++)
        if (lens[i]) sorted[offs[lens[i]]++] = (u16)i, used++;
    memset(t, 0, sizeof(u32) << root);

    unsigned next = 1u << root, rootmask = (1u << root) - 1, prefix = ~0u, sub = 0, subbits = 0;
    u32 code = 0;
    int curlen = 0;
    for (int j = 0; j < used; j++) {
        int s = sorted[j], l = lens[s];
        code <<= l - curlen;
        curlen = l;
        u32 rev = 0;
        for (int b = 0; b < l; b++) rev |= ((code >> b) & 1) << (l - 1 - b);
        code++;
        u32 e = leaf[s] | (u32)l;
        if (l <= root) {
            for (u32 k = rev; k <= rootmask; k += 1u << l) t[k] = e;
        } else {
            if ((rev & rootmask) != prefix) {
                /* a new subtable: as many bits as the remaining codes of this prefix need */
                int curr = l - root, room = 1 << curr;
                while (curr + root < maxlen) {
                    room -= count[curr + root];
                    if (room <= 0) break;
                    curr++, room <<= 1;
                }
                prefix = rev & rootmask;
                sub = next;
                subbits = (unsigned)curr;
                next += 1u << curr;
                if (next > cap) return -1;
                memset(t + sub, 0, sizeof(u32) << curr);
                t[prefix] = ENT(K_SUB, subbits, sub) | (u32)root;
            }
            for (u32 k = rev >> root; k < (1u << subbits); k += 1u << (l - root)) t[sub + k] = e;
        }
        count[l]--; /* the subtable sizing above counts only the codes still to come */
    }
    return 0;
}

static inline u64 load64(const u8 *p) {
    u64 v;
    __builtin_memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Errors leave through `out`, which frees the decoder; `why` says what was wrong. */
#define BAD(reason)                                                                                                    \
    do {                                                                                                               \
        *why = (reason);                                                                                               \
        rc = EXIT_ARCHIVE;                                                                                             \
        goto out;                                                                                                      \
    } while (0)

/* The bit buffer lives in locals (bits, cnt, in, end, overrun) so that the compiler keeps it in registers. */
#define REFILL()                                                                                                       \
    do {                                                                                                               \
        if (end - in >= 8) {                                                                                           \
            bits |= load64(in) << cnt;                                                                                 \
            in += (63 - cnt) >> 3;                                                                                     \
            cnt |= 56;                                                                                                 \
        } else {                                                                                                       \
            while (cnt <= 56) {                                                                                        \
                if (in < end) bits |= (u64)*in++ << cnt;                                                               \
                else if (++overrun > 8) BAD("the compressed tree ends early"); /* a valid stream needs <= 8 */         \
                cnt += 8;                                                                                              \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)
#define PEEK(n) ((u32)bits & ((1u << (n)) - 1))
#define DROP(n) (bits >>= (n), cnt -= (n))
#define DECODE(e, t, root)                                                                                             \
    do {                                                                                                               \
        e = t[PEEK(root)];                                                                                             \
        if (E_KIND(e) == K_SUB) e = t[E_VAL(e) + (((u32)bits >> (root)) & ((1u << E_EXTRA(e)) - 1))];                  \
        DROP(E_LEN(e));                                                                                                \
    } while (0)
#define FLUSH()                                                                                                        \
    do {                                                                                                               \
        if ((rc = sink(ctx, out + flushed, pos - flushed))) goto out;                                                 \
        total += pos - flushed;                                                                                        \
        memmove(out, out + pos - WIN, WIN);                                                                            \
        pos = flushed = WIN;                                                                                           \
    } while (0)

int inflate_raw(const u8 *in, size_t in_len, sink_fn sink, void *ctx, u64 *out_total, const char **why) {
    struct inflater *z = xalloc(sizeof *z);
    const u8 *end = in + in_len;
    u64 bits = 0;
    unsigned cnt = 0, overrun = 0;
    u8 *out = z->out;
    size_t pos = 0, flushed = 0;
    u64 total = 0;
    int final = 0, rc = 0;
    init_leaves(z);

    do {
        REFILL();
        final = PEEK(1);
        int type = (int)((bits >> 1) & 3);
        DROP(3);
        if (type == 0) { /* stored: give back the whole bytes held, then copy */
            DROP(cnt & 7);
            unsigned held = cnt >> 3;
            if (held < overrun) BAD("the compressed tree ends early");
            in -= held - overrun;
            bits = 0, cnt = 0, overrun = 0;
            if (end - in < 4) BAD("the compressed tree ends early");
            unsigned len = le16(in), nlen = le16(in + 2);
            in += 4;
            if ((len ^ nlen) != 0xffff) BAD("stored block length check failed");
            if ((size_t)(end - in) < len) BAD("the compressed tree ends early");
            while (len) {
                if (pos >= WIN + CHUNK) FLUSH();
                size_t n = WIN + CHUNK - pos;
                if (n > len) n = len;
                memcpy(out + pos, in, n);
                pos += n, in += n, len -= (unsigned)n;
            }
            if (pos >= WIN + CHUNK) FLUSH();
            continue;
        }
        if (type == 3) BAD("invalid block type");
        if (type == 1) { /* fixed codes: rare (short final blocks), so just rebuild them */
            u8 *l = z->lens;
            int i = 0;
            for (; i < 144; i++) l[i] = 8;
            for (; i < 256; i++) l[i] = 9;
            for (; i < 280; i++) l[i] = 7;
            for (; i < 288; i++) l[i] = 8;
            for (i = 0; i < 32; i++) l[288 + i] = 5;
            if (build(z->lit, LCAP, LROOT, l, 288, z->lit_leaf) || build(z->dist, DCAP, DROOT, l + 288, 32, z->dist_leaf))
                BAD("bad fixed code");
        } else {
            REFILL();
            int hlit = (int)PEEK(5) + 257;
            DROP(5);
            int hdist = (int)PEEK(5) + 1;
            DROP(5);
            int hclen = (int)PEEK(4) + 4;
            DROP(4);
            if (hlit > 286 || hdist > 30) BAD("too many length or distance codes");
            u8 cl[19] = {0};
            for (int i = 0; i < hclen; i++) {
                REFILL();
                cl[clen_order[i]] = (u8)PEEK(3);
                DROP(3);
            }
            if (build(z->clen, 1 << CROOT, CROOT, cl, 19, z->clen_leaf)) BAD("bad code length code");
            int i = 0, n = hlit + hdist;
            while (i < n) {
                u32 e;
                REFILL();
                DECODE(e, z->clen, CROOT);
                if (E_KIND(e) != K_LIT) BAD("bad code length symbol");
                unsigned sym = E_VAL(e), rep;
                u8 v = 0;
                if (sym < 16) {
                    z->lens[i++] = (u8)sym;
                    continue;
                } else if (sym == 16) {
                    if (i == 0) BAD("repeat with no previous length");
                    v = z->lens[i - 1];
                    rep = 3 + PEEK(2);
                    DROP(2);
                } else if (sym == 17) {
                    rep = 3 + PEEK(3);
                    DROP(3);
                } else {
                    rep = 11 + PEEK(7);
                    DROP(7);
                }
                if (i + (int)rep > n) BAD("code lengths overflow");
                while (rep--) z->lens[i++] = v;
            }
            if (z->lens[256] == 0) BAD("no end-of-block code");
            if (build(z->lit, LCAP, LROOT, z->lens, hlit, z->lit_leaf) ||
                build(z->dist, DCAP, DROOT, z->lens + hlit, hdist, z->dist_leaf))
                BAD("bad literal/length or distance code");
        }

        /* the hot loop: up to two literals or one match per refill */
        const u32 *lt = z->lit, *dt = z->dist;
        for (;;) {
            u32 e;
            REFILL();
            DECODE(e, lt, LROOT);
            if (E_KIND(e) == K_LIT) {
                out[pos++] = (u8)E_VAL(e);
                DECODE(e, lt, LROOT); /* at most 15 more bits; we hold >= 41 */
                if (E_KIND(e) == K_LIT) {
                    out[pos++] = (u8)E_VAL(e);
                    if (pos >= WIN + CHUNK) FLUSH();
                    continue;
                }
                REFILL(); /* a match needs up to 33 more bits */
            }
            if (E_KIND(e) == K_LEN) {
                unsigned len = E_VAL(e) + PEEK(E_EXTRA(e));
                DROP(E_EXTRA(e));
                DECODE(e, dt, DROOT);
                if (E_KIND(e) != K_LEN) BAD("invalid distance code");
                size_t d = E_VAL(e) + PEEK(E_EXTRA(e));
                DROP(E_EXTRA(e));
                if (d > pos) BAD("distance reaches before the start of the output");
                u8 *dst = out + pos, *src = dst - d, *stop = dst + len;
                pos += len;
                if (d >= 8) {
                    do {
                        __builtin_memcpy(dst, src, 8);
                        dst += 8, src += 8;
                    } while (dst < stop);
                } else {
                    while (dst < stop) *dst++ = *src++;
                }
            } else if (E_KIND(e) == K_END) {
                break;
            } else {
                BAD("invalid literal/length code");
            }
            if (pos >= WIN + CHUNK) FLUSH();
        }
    } while (!final);

    /* every bit used must have been real, and nothing may follow the final block */
    if (overrun * 8 > cnt) BAD("the compressed tree ends early");
    if ((size_t)(end - in) + ((cnt >> 3) - overrun) != 0) BAD("data after the final block");
    if (pos > flushed) {
        if ((rc = sink(ctx, out + flushed, pos - flushed))) goto out;
        total += pos - flushed;
    }
    *out_total = total;
out:
    xfree(z, sizeof *z);
    return rc;
}
