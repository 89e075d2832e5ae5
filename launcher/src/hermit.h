/* Shared declarations of the launcher's portable part. */
#ifndef HERMIT_H
#define HERMIT_H

#include "sys.h"

/* Exit codes, docs/FORMAT.md "Launcher exit codes". */
#define EXIT_DAMAGED 113
#define EXIT_HASH 114
#define EXIT_ARCHIVE 115
#define EXIT_NOCACHE 116
#define EXIT_WRITE 117
#define EXIT_EXEC 118
#define EXIT_SYSTEM 119

#define PATH_MAX 4096

/* util.c */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
const void *memchr_(const void *p, int c, size_t n);
int streq(const char *a, const char *b);
char *stpcpy_(char *d, const char *s);
char *utoa_(char *d, unsigned long v); /* decimal, no division (no libgcc helpers on armv7) */
const char *errname(long negerr);          /* strerror(3), shorter */
const char *errname_nofollow(long negerr); /* the same, for a call with O_NOFOLLOW: ELOOP is "is a symbolic link" */
void *xalloc(size_t n); /* zeroed, page-granular, never fails (dies with 119) */
void xfree(void *p, size_t n);
/* Prints "hermit: " and the strings (up to a NULL) as one line on stderr, then exits with `code`. */
__attribute__((noreturn)) void die_(int code, ...);
#define die(code, ...) die_((code), __VA_ARGS__, (const char *)0)
/* The same line after "hermit: warning: ", and the run goes on: for what the user set and the launcher passed over. */
void warn_(int unused, ...);
#define warn(...) warn_(0, __VA_ARGS__, (const char *)0)
const char *getenv_(char **envp, const char *key);
int env_sets(char **envp, const char *opt, size_t n);
/* What the launcher's own work needs of the process it was given (main.c): fds 0-2 held while closed; SIGXFSZ
 * ignored while it extracts, so a file size limit fails a write instead of killing the run; process_restore puts
 * SIGXFSZ back for execve. */
void process_hold(void);
void xfsz_ignore(void);
void process_restore(void);

static inline u16 le16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static inline u32 le32(const u8 *p) { return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24; }
static inline u64 le64(const u8 *p) { return (u64)le32(p) | (u64)le32(p + 4) << 32; }

/* sha256.c */
struct sha256 {
    u32 h[8];
    u64 len;
    u8 buf[64];
    u32 n;
};
void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const u8 *p, size_t n);
void sha256_final(struct sha256 *c, u8 out[32]);
int sha256_accelerated(void); /* 1 when this CPU's SHA instructions do the work (x86_64 SHA-NI) */
void sha256_blocks_portable(u32 h[8], const u8 *p, size_t nblocks); /* test/sha_check.c compares the two */

/* payload.c: the trailer, docs/FORMAT.md "Trailer" (versions 1 and 2; codec 0 stored, 1 deflate, 2 zstd) */
struct payload {
    const u8 *manifest;
    size_t manifest_len;
    const u8 *tree;
    size_t tree_len;
    size_t hashed_len; /* bytes the SHA-256 covers from `manifest` on (format version 2: the trailer's fields too) */
    u64 tree_size;
    u32 codec;
    u32 version;
    u8 sha[32];
    char hex[65]; /* full hash in lowercase hex; the entry name is its first 32 digits */
};
void payload_read(struct payload *p, const u8 *file, u64 file_size); /* dies with 113 */
void payload_verify(const struct payload *p);                         /* dies with 114 */
int payload_hash_ok(const struct payload *p);                         /* the SHA-256 alone: 1 when it matches */
__attribute__((noreturn)) void payload_hash_failed(void);             /* exit 114 */

/* inflate.c: raw deflate (RFC 1951), pushing output to a sink. Returns 0 or an exit code. */
typedef int (*sink_fn)(void *ctx, const u8 *p, size_t n);
int inflate_raw(const u8 *in, size_t in_len, sink_fn sink, void *ctx, u64 *out_total, const char **why);

/* zstd.c: Zstandard frames (RFC 8878; no dictionaries, no skippable frames), pushing output to a sink.
 * Returns 0 or 115 (malformed; also a content checksum mismatch: the payload passed its SHA-256 check before, so
 * wrong output means a hermit bug, FORMAT.md's 115). */
#define ZSTD_BAD_CHECKSUM "the zstd content checksum does not match"
#define ZSTD_MAXWIN (128ul << 20) /* largest window (or single-segment content) accepted; memory is about twice */
int zstd_decode(const u8 *in, size_t in_len, sink_fn sink, void *ctx, u64 *out_total, const char **why);
/* Where two processes can share the decoding (cache.c): the start of the frame nearest the middle of `in`, found
 * from frame and block headers alone, when the tree is at least ZSTD_SPLIT_MIN bytes and each side holds an eighth
 * of it; else 0. In format version 2 every frame after the first starts at an archive entry (docs/FORMAT.md). */
#ifndef ZSTD_SPLIT_MIN /* test/fuzz.sh lowers it, so that small inputs take the split path too */
#define ZSTD_SPLIT_MIN (1ul << 20)
#endif
size_t zstd_split(const u8 *in, size_t in_len);
struct xxh64 {
    u64 v[4], len;
    u8 buf[32];
    u32 n;
};
void xxh64_init(struct xxh64 *h); /* seed 0 */
void xxh64_update(struct xxh64 *h, const u8 *p, size_t n);
u64 xxh64_final(const struct xxh64 *h);

/* archive.c: the HTR1 push parser that creates the tree below a directory fd. */
struct archive;
struct archive *archive_new(int dirfd);
/* Two processes can extract one tree side by side (cache.c): the head (the magic, then entries up to a frame
 * boundary, no end entry) and the tail (entries from there, and the end entry). The tail makes a missing parent
 * 0700, and either accepts an existing directory for a directory entry, whose mode it then sets at its finish. The
 * head's finish (its deferred modes) must come after the tail is done. */
enum { ARCHIVE_WHOLE, ARCHIVE_HEAD, ARCHIVE_TAIL };
struct archive *archive_new_part(int dirfd, int part);
void archive_set_mtime(struct archive *a, long mtime); /* files get this time (seconds) when >= 0 */
int archive_push(void *a, const u8 *p, size_t n); /* a sink_fn; returns 0 or an exit code */
int archive_finish(struct archive *a);            /* checks the end entry, applies directory modes */
void archive_free(struct archive *a);
const char *archive_error(struct archive *a); /* one-line reason for the last failure */

/* x86calls.c: undoes the x86 call filter over b[0, n), b[0] being at `pos` in the file; returns the bytes done.
 * Unless `last`, up to four bytes at the end may be left undone: pass them again, first, with the next bytes. */
size_t x86calls_undo(u8 *b, size_t n, u64 pos, int last);

/* util.c */
unsigned long auxv_get(char **envp, unsigned long type); /* an auxiliary vector entry's value, 0 when absent */
#define AT_RANDOM 25                                     /* 16 random bytes the kernel gave this process */

/* cache.c */
#define EXTRACTION_ID ".hermit-extraction" /* in an entry: 32 hex digits, random, written by the run that made it */
int rm_tree(int dirfd, const char *name); /* recursive delete, never follows symlinks */
/* Finds or creates the extracted tree; returns its absolute path (HERMIT_ROOT). */
const char *cache_prepare(const struct payload *p, long mtime, char **envp); /* mtime: MTIME, or -1 */
const char *tmp_dir(const char *root, const char *cache); /* ${HERMIT_TMP}; cache: an in-place run's HERMIT_CACHE_DIR */

/* path.c */
long path_canonical(const char *in, char *out); /* realpath(3) without /proc; 0 or -errno */
const char *self_path(char **argv, char **envp);  /* ${HERMIT_EXE}; dies with 119 */
const char *inplace_root(const char *exe, const u8 *rel, size_t len); /* dies with 118 */

/* cds.c: class-data sharing made on the target (docs/FORMAT.md "Class-data sharing") */
struct cds {
    int n;             /* options for the place of the CDS record: use the archive, or record the class list */
    const char *opt[2];
    const char *dump[4]; /* the dump's options, when this run records (listfd >= 0) */
    const char *dir;
    int dirfd, lockfd, listfd;
    char id[64]; /* the cache entry's extraction (inode, ctime): what the archive and a failure were made for */
};
void cds_prepare(struct cds *c, const char *root, char **envp); /* never fails: no archive, no options */
void cds_spawn(struct cds *c, const char *path, char **av, char **ev); /* the helper that dumps after the run */

/* manifest.c */
struct manifest {
    const u8 *m, *end;
    u32 count;
    size_t n_arg, n_env;
    const u8 *inplace; /* the INPLACE value (not NUL-terminated), or NULL */
    int cds;           /* a CDS record: class-data sharing made on the target */
    int home;          /* a HOME record: -Duser.home from HOME when the user database names none */
    long mtime;        /* the MTIME record's seconds: extracted files' modification time; -1 without one */
    size_t inplace_len;
};
const char *manifest_read(const struct payload *p, struct manifest *mf); /* NULL, or why it is malformed */
__attribute__((noreturn)) void manifest_bad(const char *why);           /* exit 113 */
__attribute__((noreturn)) void manifest_exec(const struct manifest *mf, const char *root, const char *exe,
                                             char **argv, char **envp);

#endif
