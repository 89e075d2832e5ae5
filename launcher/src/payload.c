/* The trailer: the last 72 bytes of the executable locate the manifest and the tree (docs/FORMAT.md). */
#include "hermit.h"

#define TRAILER 72

/* Version 1 hashes the manifest and the tree; version 2 also the trailer's first 32 bytes (version, codec, the
 * lengths and tree_size), so that every field that steers decoding is checked before it is trusted. Before the
 * hash only what locates the hashed range is checked: the magic, a known version, lengths that fit the file. */
void payload_read(struct payload *p, const u8 *file, u64 size) {
    static const char hexd[] = "0123456789abcdef";
    if (size < TRAILER || memcmp(file + size - 8, "HERMITPL", 8) != 0)
        die(EXIT_DAMAGED, "this executable carries no hermit payload (no trailer at its end)", "", "",
            "; copy or download it again");
    const u8 *t = file + size - TRAILER;
    u32 version = le32(t), codec = le32(t + 4);
    u64 mlen = le64(t + 8), tlen = le64(t + 16), tsize = le64(t + 24);
    if (version != 1 && version != 2)
        die(EXIT_DAMAGED, "unsupported payload format version", "", "",
            "; this launcher reads versions 1 and 2: the executable is damaged, or rebuild it with a matching hermit");
    /* no overflow: each length is checked against the size before they are added */
    u64 room = size - TRAILER;
    if (mlen > room || tlen > room - mlen)
        die(EXIT_DAMAGED, "this executable is truncated (the payload is longer than the file)", "", "",
            "; copy or download it again");
    if (version == 1) {
        /* The hash covers neither codec nor tree_size: what can be checked without decoding is checked here,
         * the rest when decoding (cache.c) and after the hash (payload_verify). */
        if (codec > 2) die(EXIT_DAMAGED, "unknown payload codec", "", "", "; rebuild with a matching hermit");
        if (codec == 0 && tsize != tlen) die(EXIT_DAMAGED, "malformed trailer (stored tree size mismatch)", "", "",
                                             "; copy or download it again");
        /* deflate expands at most 1032 times (a 258-byte match in 2 bits); the smallest archive is 20 bytes */
        if (codec == 1 && (tsize < 20 || tlen >> 53 || tsize > tlen * 1032))
            die(EXIT_DAMAGED, "malformed trailer (tree_size does not fit the compressed tree's length)", "", "",
                "; copy or download it again");
    }
    p->manifest = t - tlen - mlen;
    p->manifest_len = (size_t)mlen;
    p->tree = t - tlen;
    p->tree_len = (size_t)tlen;
    p->hashed_len = (size_t)(mlen + tlen) + (version == 2 ? 32 : 0); /* v2: through tree_size, adjacent */
    p->tree_size = tsize;
    p->codec = codec;
    p->version = version;
    memcpy(p->sha, t + 32, 32);
    for (int i = 0; i < 32; i++) p->hex[2 * i] = hexd[p->sha[i] >> 4], p->hex[2 * i + 1] = hexd[p->sha[i] & 15];
    p->hex[64] = 0;
}

int payload_hash_ok(const struct payload *p) {
    struct sha256 c;
    u8 got[32];
    sha256_init(&c);
    /* manifest, tree (and in version 2 the trailer's fields) are adjacent in the file: one pass */
    sha256_update(&c, p->manifest, p->hashed_len);
    sha256_final(&c, got);
    return memcmp(got, p->sha, 32) == 0;
}

void payload_hash_failed(void) {
    die(EXIT_HASH, "the payload fails its SHA-256 check (the executable is damaged)", "", "",
        "; copy or download it again");
}

void payload_verify(const struct payload *p) {
    if (!payload_hash_ok(p)) payload_hash_failed();
    /* version 2: the fields are as written, so an unknown codec comes from a newer hermit, not from damage */
    if (p->codec > 2) die(EXIT_DAMAGED, "unknown payload codec", "", "", "; rebuild with a matching hermit");
    if (p->version != 1) return;
    /* The tree is as built, so a codec that does not match it is a damaged trailer: a stored tree starts with
     * its magic, and no deflate stream can (HTR1 reads as a stored block whose length check fails). */
    int stored = p->tree_len >= 4 && memcmp(p->tree, "HTR1", 4) == 0;
    if (stored != (p->codec == 0))
        die(EXIT_DAMAGED, "malformed trailer (its codec does not match the tree)", "", "",
            "; the executable is damaged: copy or download it again");
}
