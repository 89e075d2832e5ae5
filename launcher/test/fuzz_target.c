/* libFuzzer target over the launcher's readers (test/fuzz.sh builds it with ASan and UBSan): every input is read
 * three ways, as the launcher would meet it:
 *   1. as a payload: the trailer, the manifest, then the tree decoded and extracted as cache.c does (the hash is
 *      skipped, or almost every mutation would stop there), with tree_size enforced; a zstd tree of frames that
 *      zstd_split divides is extracted a second time as head and tail;
 *   2. as a raw deflate stream, decoded into a counting sink;
 *   3. as an HTR1 archive stream, extracted.
 * Extraction goes to a fresh directory below the working directory (put it on tmpfs), removed after each input.
 * A launcher exit (die: 113, 114) comes back here through fuzz_catch instead of ending the process. */
#include "../src/hermit.h"

int fuzz_catch(void (*fn)(void *), void *arg); /* fuzz_shim.c: 0, or the code die() was called with */

static int count_sink(void *ctx, const u8 *p, size_t n) {
    (void)p;
    *(u64 *)ctx += n;
    return *(u64 *)ctx > (64u << 20) ? EXIT_ARCHIVE : 0; /* a bomb: stop, as tree_size would */
}

struct sized {
    struct archive *a;
    u64 left;
};

static int sized_push(void *v, const u8 *p, size_t n) {
    struct sized *s = v;
    if (n > s->left) return EXIT_DAMAGED;
    s->left -= n;
    return archive_push(s->a, p, n);
}

static void extract(const u8 *tree, size_t len, int codec, u64 tree_size) {
    long fd = sys_mkdirat(AT_FDCWD, "x", 0700);
    fd = sys_openat(AT_FDCWD, "x", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) die(EXIT_SYSTEM, "fuzz: cannot open the extraction directory");
    long old = sys_umask(0);
    struct sized s = {archive_new((int)fd), tree_size};
    const char *why = NULL;
    u64 total = 0;
    int rc = codec == 0 ? sized_push(&s, tree, len)
        : codec == 2 ? zstd_decode(tree, len, sized_push, &s, &total, &why)
        : inflate_raw(tree, len, sized_push, &s, &total, &why);
    if (!rc) archive_finish(s.a);
    archive_free(s.a);
    /* as two processes would (cache.c decode_zstd), here one after the other: the head up to the split, the
     * tail from it into the same directory, then the head's finish */
    size_t split = codec == 2 ? zstd_split(tree, len) : 0;
    if (split && rm_tree(AT_FDCWD, "x") == 0 && sys_mkdirat(AT_FDCWD, "x", 0700) == 0) {
        long xfd = sys_openat(AT_FDCWD, "x", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (xfd < 0) die(EXIT_SYSTEM, "fuzz: cannot open the extraction directory");
        struct sized h = {archive_new_part((int)xfd, ARCHIVE_HEAD), tree_size}, t = {archive_new_part((int)xfd, ARCHIVE_TAIL), tree_size};
        rc = zstd_decode(tree, split, sized_push, &h, &total, &why);
        if (!rc) rc = zstd_decode(tree + split, len - split, sized_push, &t, &total, &why);
        if (!rc) rc = archive_finish(t.a);
        if (!rc) archive_finish(h.a);
        archive_free(h.a);
        archive_free(t.a);
        sys_close((int)xfd);
    }
    sys_umask((int)old);
    sys_close((int)fd);
    if (rm_tree(AT_FDCWD, "x") != 0) die(EXIT_SYSTEM, "fuzz: cannot remove the extraction directory");
}

struct input {
    const u8 *d;
    size_t n;
};

static void as_payload(void *v) {
    struct input *in = v;
    struct payload p;
    struct manifest m;
    payload_read(&p, in->d, in->n);
    manifest_read(&p, &m);
    extract(p.tree, p.tree_len, (int)p.codec, p.tree_size);
}

int fuzz_one(const u8 *d, size_t n) {
    struct input in = {d, n};
    fuzz_catch(as_payload, &in);
    u64 total = 0;
    const char *why = NULL;
    inflate_raw(d, n, count_sink, &total, &total, &why);
    extract(d, n, 0, n);
    return 0;
}
