/* The HTR1 tree archive (docs/FORMAT.md "Tree"), parsed as a push stream and created under a directory fd.
 *
 * Everything is created relative to directory fds with O_EXCL/O_NOFOLLOW, so nothing outside the temporary
 * directory can be touched: parents are opened one component at a time with O_DIRECTORY|O_NOFOLLOW (a parent
 * that is missing or is a symlink is an error), and the stack of open parents is reused between entries, which
 * for the usual sorted archive costs one openat per new directory. The caller sets umask 0, so files and
 * directories get their archive modes at creation; directories that would lock us out (not owner rwx) are
 * created 0700 and get their mode at the end, children before parents. */
#include "hermit.h"

#define MAXDEPTH 64
#define LINKMAX 4095

enum { S_MAGIC, S_HDR, S_PATH, S_DATA, S_LINK, S_END, S_FAILED };
enum { T_END = 0, T_DIR = 1, T_FILE = 2, T_LINK = 3, T_X86 = 4 }; /* T_X86: a file through the x86 call filter */

struct archive {
    int state, type, fd;
    int part;                 /* ARCHIVE_WHOLE, _HEAD or _TAIL (hermit.h) */
    long mtime;               /* every file's modification time (the manifest's MTIME), or -1: the extraction's */
    unsigned have, mode, plen;
    u64 size, left;
    int depth;
    int dfd[MAXDEPTH + 1];    /* dfd[0] is the root, dfd[i] the i-th component of the current parent */
    unsigned ends[MAXDEPTH];  /* end offset of each component of the current parent path */
    u8 hdr[16];
    char *deferred;           /* "mode(4 bytes) path NUL" records of directories to chmod at the end */
    size_t dlen, dcap;
    const char *why;
    char msg[600];
    char cur[65536];          /* the current parent path */
    char path[65536];         /* the entry being parsed, NUL-terminated once complete */
    char link[LINKMAX + 1];
    u64 xpos;                 /* T_X86: the file position of xbuf[0] */
    size_t xn;                /* T_X86: bytes at xbuf's start that wait for the rest of a displacement */
    u8 xbuf[1 << 16];         /* T_X86: the filter is undone in a copy: the decoder's window must stay as it is */
};

struct archive *archive_new_part(int dirfd, int part) {
    struct archive *a = xalloc(sizeof *a);
    a->dfd[0] = dirfd;
    a->fd = -1;
    a->part = part;
    a->mtime = -1;
    a->state = part == ARCHIVE_TAIL ? S_HDR : S_MAGIC;
    return a;
}

struct archive *archive_new(int dirfd) { return archive_new_part(dirfd, ARCHIVE_WHOLE); }

void archive_set_mtime(struct archive *a, long mtime) { a->mtime = mtime; }

void archive_free(struct archive *a) {
    if (a->fd >= 0) sys_close(a->fd);
    while (a->depth > 0) sys_close(a->dfd[a->depth--]);
    if (a->deferred) xfree(a->deferred, a->dcap);
    xfree(a, sizeof *a);
}

const char *archive_error(struct archive *a) { return a->msg; }

/* Records a failure: `code` is the exit code, err a -errno or 0. */
static int fail(struct archive *a, int code, const char *why, long err) {
    char *w = stpcpy_(a->msg, why), *e = a->msg + 400;
    if (a->plen && a->state != S_HDR && a->state != S_MAGIC) {
        w = stpcpy_(w, " at ");
        for (unsigned i = 0; i < a->plen && w < e; i++) *w++ = a->path[i] ? a->path[i] : '?';
    }
    if (err) w = stpcpy_(stpcpy_(w, ": "), errname_nofollow(err)); /* every open here has O_NOFOLLOW */
    *w = 0;
    a->state = S_FAILED;
    return code;
}

/* Creating things in the cache fails for two kinds of reasons: the archive is wrong (115) or the disk is (117). */
static int fs_fail(struct archive *a, const char *why, long err) {
    int archive_fault = err == -EEXIST || err == -ENOENT || err == -ENOTDIR || err == -ELOOP || err == -ENAMETOOLONG;
    return fail(a, archive_fault ? EXIT_ARCHIVE : EXIT_WRITE, why, err);
}

/* Relative, '/'-separated, no empty, "." or ".." component, no NUL. Symlink targets may contain ".". */
static int valid_path(const char *p, unsigned n, int allow_dot) {
    if (n == 0) return 0;
    unsigned start = 0;
    for (unsigned i = 0; i <= n; i++) {
        if (i < n && p[i] == 0) return 0;
        if (i < n && p[i] != '/') continue;
        unsigned len = i - start;
        if (len == 0) return 0;
        if (len == 2 && p[start] == '.' && p[start + 1] == '.') return 0;
        if (len == 1 && p[start] == '.' && !allow_dot) return 0;
        start = i + 1;
    }
    return 1;
}

/* Makes dfd[depth] the directory that holds the current entry; returns the offset of its last component. */
static int open_parent(struct archive *a, unsigned *name_off) {
    unsigned slash = a->plen;
    while (slash > 0 && a->path[slash - 1] != '/') slash--;
    unsigned plen = slash ? slash - 1 : 0; /* parent path length */
    *name_off = slash;
    /* keep the components shared with the previous parent */
    int k = 0;
    while (k < a->depth) {
        unsigned e = a->ends[k];
        if (e > plen || memcmp(a->cur, a->path, e) != 0 || (e < plen && a->path[e] != '/')) break;
        k++;
    }
    while (a->depth > k) sys_close(a->dfd[a->depth--]);
    unsigned pos = k ? a->ends[k - 1] + 1 : 0;
    while (pos < plen) {
        unsigned e = pos;
        while (e < plen && a->path[e] != '/') e++;
        if (a->depth == MAXDEPTH) return fail(a, EXIT_ARCHIVE, "path nested too deeply", 0);
        a->path[e] = 0;
        long fd = sys_openat(a->dfd[a->depth], a->path + pos, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd == -ENOENT && a->part == ARCHIVE_TAIL) {
            /* its entry is in the head's part, maybe not reached yet: make it (0700; the head gives it its mode) */
            long r = sys_mkdirat(a->dfd[a->depth], a->path + pos, 0700);
            if (r == 0 || r == -EEXIST)
                fd = sys_openat(a->dfd[a->depth], a->path + pos, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        }
        if (e < a->plen) a->path[e] = '/';
        if (fd < 0) return fs_fail(a, "the parent directory is missing or not a directory", fd);
        a->dfd[++a->depth] = (int)fd;
        a->ends[a->depth - 1] = e;
        pos = e + 1;
    }
    memcpy(a->cur, a->path, plen);
    return 0;
}

static int defer_chmod(struct archive *a) {
    size_t need = 4 + a->plen + 1;
    if (a->dlen + need > a->dcap) {
        size_t cap = a->dcap ? a->dcap * 2 : 65536;
        while (cap < a->dlen + need) cap *= 2;
        char *n = xalloc(cap);
        if (a->deferred) memcpy(n, a->deferred, a->dlen), xfree(a->deferred, a->dcap);
        a->deferred = n, a->dcap = cap;
    }
    char *w = a->deferred + a->dlen;
    memcpy(w, &a->mode, 4);
    memcpy(w + 4, a->path, a->plen + 1);
    a->dlen += need;
    return 0;
}

/* The path is complete: create a directory, open a file, or wait for the link target. */
static int begin_entry(struct archive *a) {
    unsigned off;
    int rc;
    a->path[a->plen] = 0;
    if (!valid_path(a->path, a->plen, 0)) return fail(a, EXIT_ARCHIVE, "invalid path in the tree", 0);
    if ((rc = open_parent(a, &off))) return rc;
    int pfd = a->dfd[a->depth];
    const char *name = a->path + off;
    if (a->type == T_DIR) {
        int locked = (a->mode & 0700) != 0700; /* we need to open, search and write it until the end */
        long r = sys_mkdirat(pfd, name, locked ? 0700 : (int)a->mode);
        struct hstat st;
        if (r == -EEXIST && a->part != ARCHIVE_WHOLE && sys_fstatat(pfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0
            && (st.mode & S_IFMT) == S_IFDIR)
            r = 0, locked = 1; /* the tail made it as a parent of its entries: the mode comes at the end */
        if (r < 0) return fs_fail(a, "cannot create directory", r);
        if (locked) defer_chmod(a);
        a->state = S_HDR, a->have = 0;
    } else if (a->type == T_FILE || a->type == T_X86) {
        long fd = sys_openat(pfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (int)a->mode);
        if (fd < 0) return fs_fail(a, "cannot create file", fd);
        a->fd = (int)fd;
        a->left = a->size;
        a->xpos = 0, a->xn = 0;
        a->state = S_DATA;
    } else {
        a->have = 0;
        a->state = S_LINK;
    }
    return 0;
}

static int end_file(struct archive *a) {
    /* The app's build time, so that what serves a file by its time (HTTP Last-Modified, a resource URL's version)
     * sees the same time in every extraction. Best effort: a file system that refuses it costs only that. */
    if (a->mtime >= 0) sys_futimens_mtime(a->fd, a->mtime);
    if (a->size >= (1u << 20)) sys_start_writeback(a->fd); /* the large files: libjvm, the class library */
    long r = sys_close(a->fd);
    a->fd = -1;
    if (r < 0) return fs_fail(a, "cannot write file", r); /* NFS and friends report ENOSPC/EIO at close */
    a->state = S_HDR, a->have = 0;
    return 0;
}

static int make_link(struct archive *a) {
    unsigned off;
    int rc;
    a->link[a->size] = 0;
    if (a->link[0] == '/' || !valid_path(a->link, (unsigned)a->size, 1))
        return fail(a, EXIT_ARCHIVE, "symbolic link target leaves the tree or is malformed", 0);
    if ((rc = open_parent(a, &off))) return rc;
    long r = sys_symlinkat(a->link, a->dfd[a->depth], a->path + off);
    if (r < 0) return fs_fail(a, "cannot create symbolic link", r);
    a->state = S_HDR, a->have = 0;
    return 0;
}

static int write_all(struct archive *a, const u8 *p, size_t n) {
    for (size_t done = 0; done < n;) {
        long w = sys_write(a->fd, p + done, n - done);
        if (w == -EINTR) continue;
        if (w <= 0) return fs_fail(a, "cannot write file", w ? w : -EIO);
        done += (size_t)w;
    }
    return 0;
}

/* Writes n bytes of a T_X86 file's data, the filter undone; `rest` is what the file has after them. */
static int write_x86(struct archive *a, const u8 *p, size_t n, u64 rest) {
    while (n) {
        size_t take = sizeof a->xbuf - a->xn < n ? sizeof a->xbuf - a->xn : n;
        memcpy(a->xbuf + a->xn, p, take);
        p += take, n -= take;
        size_t have = a->xn + take, done = x86calls_undo(a->xbuf, have, a->xpos, n == 0 && rest == 0);
        int rc = write_all(a, a->xbuf, done);
        if (rc) return rc;
        a->xpos += done;
        a->xn = have - done;
        memmove(a->xbuf, a->xbuf + done, a->xn);
    }
    return 0;
}

static int parse_header(struct archive *a) {
    const u8 *h = a->hdr;
    a->type = h[0];
    a->plen = le16(h + 2);
    a->mode = le32(h + 4);
    a->size = le64(h + 8);
    if (h[1] != 0) return fail(a, EXIT_ARCHIVE, "reserved header byte is not zero", 0);
    if (a->type == T_END) {
        if (a->plen || a->mode || a->size) return fail(a, EXIT_ARCHIVE, "malformed end entry", 0);
        a->state = S_END;
        return 0;
    }
    if (a->type > T_X86) return fail(a, EXIT_ARCHIVE, "unknown entry type", 0);
    if (a->mode & ~0777u) return fail(a, EXIT_ARCHIVE, "mode has bits other than permissions", 0);
    if (a->plen == 0) return fail(a, EXIT_ARCHIVE, "empty path", 0);
    if (a->type == T_DIR && a->size) return fail(a, EXIT_ARCHIVE, "directory with data", 0);
    if (a->type == T_LINK && (a->size == 0 || a->size > LINKMAX))
        return fail(a, EXIT_ARCHIVE, "symbolic link target is empty or too long", 0);
    a->have = 0;
    a->state = S_PATH;
    return 0;
}

int archive_push(void *v, const u8 *p, size_t n) {
    struct archive *a = v;
    int rc = 0;
    while (n && !rc) {
        size_t take;
        switch (a->state) {
        case S_MAGIC:
            take = 4 - a->have < n ? 4 - a->have : n;
            memcpy(a->hdr + a->have, p, take);
            a->have += (unsigned)take;
            if (a->have == 4) {
                if (memcmp(a->hdr, "HTR1", 4) != 0) return fail(a, EXIT_ARCHIVE, "the tree lacks its HTR1 magic", 0);
                a->have = 0;
                a->state = S_HDR, a->have = 0;
            }
            break;
        case S_HDR:
            take = 16 - a->have < n ? 16 - a->have : n;
            memcpy(a->hdr + a->have, p, take);
            a->have += (unsigned)take;
            if (a->have == 16) rc = parse_header(a);
            break;
        case S_PATH:
            take = a->plen - a->have < n ? a->plen - a->have : n;
            memcpy(a->path + a->have, p, take);
            a->have += (unsigned)take;
            if (a->have == a->plen) {
                rc = begin_entry(a);
                if (!rc && a->state == S_DATA && a->left == 0) rc = end_file(a);
            }
            break;
        case S_DATA:
            take = a->left < n ? (size_t)a->left : n;
            rc = a->type == T_X86 ? write_x86(a, p, take, a->left - take) : write_all(a, p, take);
            if (rc) return rc;
            a->left -= take;
            if (a->left == 0) rc = end_file(a);
            break;
        case S_LINK:
            take = a->size - a->have < n ? (size_t)(a->size - a->have) : n;
            memcpy(a->link + a->have, p, take);
            a->have += (unsigned)take;
            if (a->have == a->size) rc = make_link(a);
            break;
        case S_END:
            return fail(a, EXIT_ARCHIVE, "data after the end of the tree", 0);
        default:
            return EXIT_ARCHIVE;
        }
        p += take, n -= take;
    }
    return rc;
}

int archive_finish(struct archive *a) {
    if (a->state == S_FAILED) return EXIT_ARCHIVE;
    int at_end = a->part == ARCHIVE_HEAD ? a->state == S_HDR && a->have == 0 : a->state == S_END;
    if (!at_end) return fail(a, EXIT_ARCHIVE, "the tree ends in the middle of an entry", 0);
    while (a->depth > 0) sys_close(a->dfd[a->depth--]);
    /* records were appended parents first: walk them backwards so children change before their parents */
    size_t end = a->dlen;
    while (end > 0) {
        /* records have variable length: find the last one before `end` (rare, so a scan is fine) */
        size_t s = 0, rec = 0;
        while (s < end) rec = s, s += 4 + strlen(a->deferred + s + 4) + 1;
        const char *path = a->deferred + rec + 4;
        u32 mode;
        memcpy(&mode, a->deferred + rec, 4);
        long fd = sys_openat(a->dfd[0], path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        long r = fd < 0 ? fd : sys_fchmod((int)fd, (int)mode);
        if (fd >= 0) sys_close((int)fd);
        if (r < 0) return fs_fail(a, "cannot set a directory's mode", r);
        end = rec;
    }
    return 0;
}
