/* The cache (docs/FORMAT.md "Cache"): pick a root, use a complete entry, or extract into a temporary sibling
 * and rename it into place. Every path below a root is opened relative to the root's fd. */
#include "hermit.h"

static int mentions(const char *s, const char *what) {
    size_t n = strlen(what);
    for (size_t left = s ? strlen(s) : 0; left >= n; s++, left--)
        if (memcmp(s, what, n) == 0) return 1;
    return 0;
}

/* What to do about a failed write into the cache: usually room, but a low open-file limit (ulimit -n) fails the
 * same calls, and a file size limit (ulimit -f) fails a large file wherever the cache is. */
static const char *write_advice(const char *why) {
    if (mentions(why, errname(-EMFILE)))
        return "; raise the limit on open files (ulimit -n), or set HERMIT_CACHE_DIR to another directory";
    if (mentions(why, errname(-EFBIG))) return "; raise the file size limit (ulimit -f)";
    return "; free space, or set HERMIT_CACHE_DIR to another directory";
}

#define MARKER ".hermit-complete"

/* Opening a directory by its path without following what another user could have put there (docs/FORMAT.md
 * "Cache" 1): the path is walked from "/" one component at a time, each opened relative to its parent's fd, so
 * that the directory checked is the one used. */
struct walk {
    u32 euid;
    int refused;           /* the path was refused (why), not failed with an errno */
    const char *why;       /* why the walk failed: the errno's name, or the refusal */
    char msg[PATH_MAX + 96]; /* a refusal with the directory's path before it */
    char rest[PATH_MAX];   /* what is still to walk */
    char at[PATH_MAX];     /* where the walk is: the physical path, for messages */
    char link[PATH_MAX];
};

struct ctx {
    const struct payload *p;
    long mtime; /* the manifest's MTIME for the extracted files, or -1 */
    u32 euid;
    long pid;
    int verified;
    int unsealed;      /* an entry here was found unsealed by an interrupted run: extract and seal in the foreground */
    long hasher;       /* the child hashing the payload while this process extracts, until hash_end */
    char entry[33];
    char tmpname[64];  /* .<entry>.<pid>.tmp */
    const char *why;   /* why the last candidate root was refused */
    size_t keep;       /* the root's first `keep` bytes must exist already: never create $HOME (nor /tmp 0700) */
    int no_tmp;        /* there was no /tmp and it could not be created */
    char root[PATH_MAX];
    char last[PATH_MAX]; /* the last candidate tried, for the error message */
    char tried[640];     /* every refused candidate and why ("root: why; ..."), for 116's message */
    int noexec;          /* a candidate was refused as a noexec mount */
    char msg[640];       /* why an extraction failed */
    char id[32];         /* this extraction's EXTRACTION_ID */
    struct walk walk;    /* the walk to the candidate root (open_dir) */
};

/* Recursive delete below dirfd that never follows a symlink; directories are made writable first. */
static int rm_level(int dirfd, const char *name, int level) {
    long r = sys_unlinkat(dirfd, name, 0);
    if (r == 0 || r == -ENOENT) return 0;
    if (r != -EISDIR && r != -EPERM) return (int)r;
    if (level > 256) return -ELOOP;
    u8 *buf = xalloc(8192);
    for (int pass = 0; pass < 8; pass++) { /* rescan: deleting while reading may skip entries on some fs */
        long fd = sys_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) break;
        sys_fchmod((int)fd, 0700);
        long n;
        while ((n = sys_getdents64((int)fd, buf, 8192)) > 0) {
            for (long off = 0; off < n;) {
                u8 type = buf[off + DIRENT_TYPE_OFF];
                const char *d = (const char *)buf + off + DIRENT_NAME_OFF;
                off += dirent_reclen(buf + off);
                if (d[0] == '.' && (d[1] == 0 || (d[1] == '.' && d[2] == 0))) continue;
                if (type == DT_DIR || type == DT_UNKNOWN) rm_level((int)fd, d, level + 1);
                else sys_unlinkat((int)fd, d, 0);
            }
        }
        sys_close((int)fd);
        r = sys_unlinkat(dirfd, name, AT_REMOVEDIR);
        if (r != -ENOTEMPTY && r != -EEXIST) break;
    }
    xfree(buf, 8192);
    return r == -ENOENT ? 0 : (int)r;
}

int rm_tree(int dirfd, const char *name) { return rm_level(dirfd, name, 0); }

static int marker_ok(const struct ctx *c, int dfd) {
    char buf[72];
    long fd = sys_openat(dfd, MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) return 0;
    long n = sys_read((int)fd, buf, sizeof buf);
    sys_close((int)fd);
    return (n == 64 || (n == 65 && buf[64] == '\n')) && memcmp(buf, c->p->hex, 64) == 0;
}

/* Sealed: the marker with the full hash, and the extraction's id, written before the rename (a directory holding
 * the marker alone is what a removal, rm -rf of the cache, racing a sealer leaves). */
static int sealed(const struct ctx *c, int dfd) {
    return marker_ok(c, dfd) && sys_faccessat(dfd, EXTRACTION_ID, F_OK) == 0;
}

enum { ENTRY_NONE, ENTRY_READY, ENTRY_UNSEALED };

/* A complete entry is a real directory owned by us holding the marker with the full hash. One without the marker
 * is being sealed (its sealer holds the directory's flock until the marker is on the disk: wait for it), or was
 * left unsealed by a run that died first (no lock: it is removed and extracted again). */
static int entry_state(struct ctx *c, int rootfd) {
    struct hstat st;
    long dfd = sys_openat(rootfd, c->entry, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (dfd < 0) return ENTRY_NONE;
    int state = ENTRY_NONE;
    if (sys_fstat((int)dfd, &st) == 0 && st.uid == c->euid) {
        state = sealed(c, (int)dfd) ? ENTRY_READY : ENTRY_UNSEALED;
        if (state == ENTRY_UNSEALED && sys_flock((int)dfd, LOCK_SH) == 0 && sealed(c, (int)dfd))
            state = ENTRY_READY;
    }
    sys_close((int)dfd);
    return state;
}

static int entry_ready(struct ctx *c, int rootfd) { return entry_state(c, rootfd) == ENTRY_READY; }

/* Removes an unsealed entry nobody holds: under its lock, so that a fresh entry another run renamed into its place
 * meanwhile (locked until sealed) is never taken for it; moved aside under this run's temporary name first. */
static void remove_unsealed(struct ctx *c, int rootfd) {
    long dfd = sys_openat(rootfd, c->entry, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (dfd < 0) return;
    if (sys_flock((int)dfd, LOCK_EX | LOCK_NB) == 0 && !sealed(c, (int)dfd)
        && sys_renameat(rootfd, c->entry, rootfd, c->tmpname) == 0)
        rm_tree(rootfd, c->tmpname);
    sys_close((int)dfd);
}

/* Removes .<entry>.<pid>.tmp siblings left by killed runs. A run holds an flock on its temporary directory while
 * it extracts, and the kernel drops it when the run dies, so an unlocked one is not being written, even by a
 * process in another pid namespace sharing this cache. The pid must also be gone (or be ours: containers reuse
 * pids), which covers the instant between a run's mkdir and its flock. */
static void clean_stale(struct ctx *c, int rootfd) {
    long fd = sys_openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) return;
    u8 *buf = xalloc(8192);
    long n;
    while ((n = sys_getdents64((int)fd, buf, 8192)) > 0) {
        for (long off = 0; off < n;) {
            const char *d = (const char *)buf + off + DIRENT_NAME_OFF;
            off += dirent_reclen(buf + off);
            if (d[0] != '.' || memcmp(d + 1, c->entry, 32) != 0 || d[33] != '.') continue;
            const char *q = d + 34;
            long pid = 0;
            int digits = 0;
            while (*q >= '0' && *q <= '9' && digits < 9) pid = pid * 10 + (*q++ - '0'), digits++;
            if (!digits || !streq(q, ".tmp") || pid <= 0) continue;
            if (pid != c->pid && sys_kill(pid, 0) != -ESRCH) continue;
            long sfd = sys_openat(rootfd, d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (sfd < 0) continue;
            if (sys_flock((int)sfd, LOCK_EX | LOCK_NB) == 0) rm_tree(rootfd, d);
            sys_close((int)sfd);
        }
    }
    xfree(buf, 8192);
    sys_close((int)fd);
}

/* The trailer's tree_size is not covered by the payload hash in format version 1: the decompressed stream must
 * come to exactly that size, checked as it flows, so a damaged field stops the extraction at the first byte
 * past it and is reported as the damage it is (113), not as a broken archive. */
struct sized {
    struct archive *a;
    u64 left; /* bytes the trailer still allows */
    int over;
};

static int sized_push(void *v, const u8 *p, size_t n) {
    struct sized *s = v;
    if (n > s->left) {
        s->over = 1;
        return EXIT_DAMAGED;
    }
    s->left -= n;
    return archive_push(s->a, p, n);
}

#define SIZE_MISMATCH "the tree's size differs from the trailer's tree_size"

/* Creates name in dirfd (it must not exist) holding exactly n bytes; 0, or EXIT_WRITE with *why. */
static int write_new(int dirfd, const char *name, const char *data, size_t n, const char **why) {
    long fd = sys_openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    long w = fd < 0 ? fd : sys_write((int)fd, data, n);
    long cl = fd < 0 ? 0 : sys_close((int)fd);
    if (w >= 0 && w != (long)n) w = -ENOSPC;
    if (w < 0 || cl < 0) return *why = errname(w < 0 ? w : cl), EXIT_WRITE;
    return 0;
}

#ifdef HAVE_FORK
/* A child process that works for this one (the hash, the tail of the tree): it dies with this one. */
static long fork_helper(void) {
    long self = sys_getpid(), pid = sys_fork();
    if (pid == 0) sys_die_with_parent(self);
    return pid;
}

/* Waits for a helper; whether it exited 0. */
static int helper_ok(long pid) {
    int status = -1;
    long w;
    do w = sys_wait4(pid, &status);
    while (w == -EINTR);
    return w == pid && status == 0;
}
#endif

/* Makes an extracted tree durable, then marks it complete. Every later run trusts the marker without looking at
 * the files, so they must be on the disk before it is: one syncfs writes back the whole tree in a single journal
 * commit, where an fsync per file would cost one each (the kernels a glibc runtime needs, 3.2+, all have it); then
 * the marker and its directory are fsynced, and the root (rootfd >= 0) for the entry's name. After a power cut an
 * entry is complete, or unsealed (removed and extracted again), or absent. 0 or an errno. */
static long seal(const struct ctx *c, int dirfd, int rootfd) {
    char id[33];
    long r = sys_syncfs(dirfd);
    if (r >= 0) { /* still this extraction's tree, not removed meanwhile (a marker would outlive it) */
        long f = sys_openat(dirfd, EXTRACTION_ID, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        r = f < 0 ? f : sys_read((int)f, id, sizeof id);
        if (f >= 0) sys_close((int)f);
        if (r >= 0 && (r != 32 || memcmp(id, c->id, 32) != 0)) r = -ENOENT;
    }
    long fd = r < 0 ? r : sys_openat(dirfd, MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return fd;
    r = sys_write((int)fd, c->p->hex, 64);
    if (r >= 0 && r != 64) r = -ENOSPC;
    if (r >= 0) r = sys_fsync((int)fd);
    sys_close((int)fd);
    if (r >= 0) r = sys_fsync(dirfd);
    if (r < 0) {
        sys_unlinkat(dirfd, MARKER, 0);
        return r;
    }
    if (rootfd >= 0) sys_fsync(rootfd);
    return 0;
}

#ifdef HAVE_FORK
/* Seals the renamed entry in a detached process, off the first run's path: syncfs waits for every dirty page of
 * the file system, other programs' too, which on a busy host takes far longer than the extraction. The sealer
 * inherits the directory's flock (the same open file), so a run that finds the entry unsealed waits for it
 * (entry_state). Two forks, as for class-data sharing (cds.c): the program never sees a child it did not start.
 * Whether a sealer was started. */
static int seal_later(const struct ctx *c, int dirfd, int rootfd) {
    long a = sys_fork();
    if (a == 0) {
        long b = sys_fork();
        if (b == 0) {
            sys_setsid(); /* a ^C to the program does not stop it */
            /* nothing of the caller's stays open: a pipe held here would keep `$(app)` waiting */
            for (int fd = 0; fd < 1024; fd++)
                if (fd != dirfd && fd != rootfd) sys_close(fd);
            sys_exit(seal(c, dirfd, rootfd) == 0 ? 0 : 1);
        }
        sys_exit(b > 0 ? 0 : 1);
    }
    return a > 0 && helper_ok(a);
}
#endif

/* What the tail's process reports: its exit code, the bytes it decoded, and why it failed. */
struct tail_result {
    int rc;
    u64 total;
    char why[600];
};

/* Decodes the tree's frames from `split` on into the temporary directory, as the tail (archive.c); runs in a child
 * process and reports through `r`. */
__attribute__((noreturn)) static void tail_extract(const struct payload *p, long mtime, int tmpfd, size_t split,
                                                   struct tail_result *r) {
    /* Its own descriptor of the directory: the inherited one shares the parent's flock ("being written"), which
     * must go when the parent dies (a killed run's directory is then stale: clean_stale). */
    long fd = sys_openat(tmpfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    sys_close(tmpfd);
    if (fd < 0) {
        r->rc = EXIT_WRITE;
        memcpy(r->why, "cannot open the temporary directory", 36);
        sys_exit(0);
    }
    tmpfd = (int)fd;
    struct sized s = {archive_new_part(tmpfd, ARCHIVE_TAIL), p->tree_size, 0};
    archive_set_mtime(s.a, mtime);
    const char *why = NULL;
    u64 total = 0;
    int rc = zstd_decode(p->tree + split, p->tree_len - split, sized_push, &s, &total, &why);
    if (!rc) rc = archive_finish(s.a);
    if (s.over) rc = EXIT_ARCHIVE, why = SIZE_MISMATCH;
    if (rc && why == NULL) why = archive_error(s.a);
    r->rc = rc;
    r->total = p->tree_size - s.left;
    if (why) {
        size_t n = strlen(why);
        if (n >= sizeof r->why) n = sizeof r->why - 1;
        memcpy(r->why, why, n);
    }
    sys_exit(0);
}

/* Decodes a zstd tree into the temporary directory: split at a frame boundary between this process (the head) and
 * a child (the tail) when the tree is large enough (zstd_split), else whole. Leaves the head's archive in s->a,
 * not yet finished; 0 or an exit code with *why. */
static int decode_zstd(const struct payload *p, long mtime, int tmpfd, struct sized *s, const char **why) {
    u64 total = 0;
#ifdef HAVE_FORK
    size_t split = p->version == 2 ? zstd_split(p->tree, p->tree_len) : 0;
    struct tail_result *r = split ? sys_mmap_shared(sizeof *r) : NULL;
    long pid = r && !SYS_IS_ERR(r) ? fork_helper() : -1;
    if (pid == 0) tail_extract(p, mtime, tmpfd, split, r);
    if (pid < 0 && r && !SYS_IS_ERR(r)) sys_munmap(r, sizeof *r);
    if (pid < 0) { /* one process: a small tree, or no fork */
#endif
        s->a = archive_new(tmpfd);
        archive_set_mtime(s->a, mtime);
        return zstd_decode(p->tree, p->tree_len, sized_push, s, &total, why);
#ifdef HAVE_FORK
    }
    s->a = archive_new_part(tmpfd, ARCHIVE_HEAD);
    archive_set_mtime(s->a, mtime);
    int rc = zstd_decode(p->tree, split, sized_push, s, &total, why);
    if (rc) sys_kill(pid, SIGKILL); /* the head failed: the tail's work is lost anyway */
    int tail_ok = helper_ok(pid);
    if (!rc && !tail_ok) rc = EXIT_SYSTEM, *why = "the process extracting the tree's second half died";
    if (!rc && r->rc) rc = r->rc, *why = r->why[0] ? r->why : NULL; /* the page stays mapped: extract copies it */
    /* both parts together come to tree_size: the head's count is what it took from the allowance, the tail's its own */
    if (!rc && r->total > s->left) s->over = 1;
    else if (!rc) s->left -= r->total;
    return rc;
#endif
}

/* Extracts into the temporary directory (seal() makes it durable). Returns 0 or an exit code; `why` gets the reason. */
static int extract(struct ctx *c, int tmpfd, const char **why) {
    const struct payload *p = c->p;
    struct sized s = {NULL, p->tree_size, 0};
    u64 total = 0;
    int rc;
    if (p->codec == 0) {
        s.a = archive_new(tmpfd);
        archive_set_mtime(s.a, c->mtime);
        rc = sized_push(&s, p->tree, p->tree_len);
    } else if (p->codec == 2) {
        rc = decode_zstd(p, c->mtime, tmpfd, &s, why);
    } else {
        s.a = archive_new(tmpfd);
        archive_set_mtime(s.a, c->mtime);
        rc = inflate_raw(p->tree, p->tree_len, sized_push, &s, &total, why);
    }
    if (!rc) rc = archive_finish(s.a);
    /* version 2 hashes tree_size: a mismatch after the hash passed is the writer's fault, not damage */
    if (s.over || (!rc && s.left != 0)) rc = p->version == 1 ? EXIT_DAMAGED : EXIT_ARCHIVE, *why = SIZE_MISMATCH;
    if (rc && *why == NULL) *why = archive_error(s.a);
    /* Which extraction this is: class-data sharing (cds.c) made for an earlier one of the same entry names jars
     * of other mtimes. Random rather than the directory's inode and ctime, which a fast re-extraction can repeat
     * (inodes are reused, file times are coarse). Then the marker, last. */
    if (!rc) rc = write_new(tmpfd, EXTRACTION_ID, c->id, 32, why);
    if (rc == EXIT_WRITE && *why == NULL) *why = "write failed";
    if (rc) { /* the reason may live in the archive: keep a copy */
        size_t n = strlen(*why);
        if (n >= sizeof c->msg) n = sizeof c->msg - 1;
        memcpy(c->msg, *why, n);
        c->msg[n] = 0;
        *why = c->msg;
    }
    archive_free(s.a);
    return rc;
}

static const char NOEXEC[] = "is on a noexec mount, where programs cannot run"; /* compared by address */

static int is_rofs(long err) { return err == -EROFS || err == -EACCES || err == -EPERM; }

/* The candidate in c->last was refused for c->why: kept for 116, which names every one tried, not only the last
 * (a read-only HERMIT_CACHE_DIR is the one the user meant to fix, a refused /tmp fallback the one seen last). */
static void refused(struct ctx *c) {
    char *w = c->tried + strlen(c->tried), *e = c->tried + sizeof c->tried - 4;
    const char *parts[] = {w == c->tried ? "" : "; ", c->last, ": ", c->why};
    for (int i = 0; i < 4; i++)
        for (const char *s = parts[i]; *s && w < e; s++) *w++ = *s;
    if (w == e) stpcpy_(w, "...");
    else *w = 0;
    if (c->why == NOEXEC) c->noexec = 1;
}

/* An empty root (a FROM scratch container) has no /tmp, and with no HOME either nothing could hold the cache.
 * Every system has a /tmp, sticky and open to all: the last candidate creates a missing one like that (when it
 * may: root in the container), and never changes an existing one. */
static int make_tmp(void) {
    long old = sys_umask(0);
    long r = sys_mkdirat(AT_FDCWD, "/tmp", 01777);
    sys_umask((int)old);
    return r < 0 && r != -EEXIST;
}

/* Full paths of the candidate roots, in order. Each variable part is capped so that root + "/" + entry always
 * fits in PATH_MAX. */
static int candidate(struct ctx *c, char **envp, int i, int *strict) {
    char *w = c->root;
    const char *v;
    *strict = 0;
    c->keep = 1;
    switch (i) {
    case 0:
        if (!(v = getenv_(envp, "HERMIT_CACHE_DIR")) || !*v) return 0;
        if (*v != '/') { /* relative: anchor at the working directory */
            long r = sys_getcwd(w, PATH_MAX / 2 - 64);
            if (r < 0) return 0;
            w += strlen(w);
            *w++ = '/';
        }
        if (strlen(v) >= PATH_MAX / 2 - 64) return 0;
        stpcpy_(w, v);
        break;
    case 1:
        if (!(v = getenv_(envp, "XDG_CACHE_HOME")) || *v != '/' || strlen(v) >= PATH_MAX / 2 - 64) return 0;
        stpcpy_(stpcpy_(w, v), "/hermit");
        break;
    case 2: {
        if (!(v = getenv_(envp, "HOME")) || *v != '/' || strlen(v) >= PATH_MAX / 2 - 64) return 0;
        size_t h = strlen(v);
        while (h > 0 && v[h - 1] == '/') h--; /* HOME=/ (Docker's, in a scratch image): /.cache, not //.cache */
        memcpy(w, v, h);
        stpcpy_(w + h, "/.cache/hermit");
        c->keep = h;
        break;
    }
    case 3:
        utoa_(stpcpy_(w, "/tmp/hermit-"), c->euid);
        c->keep = 4;
        c->no_tmp = make_tmp();
        break;
    default:
        return 0;
    }
    size_t n = strlen(c->root); /* "/a/b/" -> "/a/b", so that HERMIT_ROOT is a clean path */
    while (n > 1 && c->root[n - 1] == '/') c->root[--n] = 0;
    if (memchr_(c->root, ':', n)) { /* the JVM's library paths are ':'-separated: it cannot start from there */
        c->why = "its path holds a ':', which the JVM's library path cannot";
        memcpy(c->last, c->root, n + 1);
        refused(c);
        return 0;
    }
    /* a root under /tmp must be ours alone (docs/FORMAT.md, Cache 1) */
    *strict = memcmp(c->root, "/tmp", 4) == 0 && (c->root[4] == 0 || c->root[4] == '/');
    return 1;
}

#define MAX_LINKS 40 /* the kernel's limit of symlinks followed in one lookup */

/* Refuses the walk at w->at for `why`, which names that directory unless it is the `last` one, the one asked for
 * (the caller names that); w->msg always names it. */
static long refuse(struct walk *w, int last, const char *why) {
    char *m = stpcpy_(w->msg, w->at[0] ? w->at : "/");
    *m++ = ' ';
    stpcpy_(m, why);
    w->refused = 1;
    w->why = last ? why : w->msg;
    return -EPERM;
}

/* A directory the walk passes through (st, at w->at): refused when another user could rename what is below it
 * (it is another user's, or its group or all may write it without the sticky bit: a group has members we cannot
 * vouch for, as OpenSSH's StrictModes holds), or, past a shared one (`strict`), when it is not a real directory
 * closed to group and others. Sets *shared when others may create names in it: sticky and writable by group or
 * all (/tmp, /var/tmp, /dev/shm), or /tmp itself whatever its mode. */
static long pass_dir(struct walk *w, const struct hstat *st, int strict, int *shared) {
    if (st->uid != 0 && st->uid != w->euid) return refuse(w, 0, "is owned by another user");
    if ((st->mode & 022) && !(st->mode & 01000)) return refuse(w, 0, "is writable by other users");
    if (strict && (st->mode & 022)) return refuse(w, 0, "is writable by other users");
    if ((st->mode & 022) || streq(w->at, "/tmp")) *shared = 1;
    return 0;
}

/* The directory asked for: as pass_dir, and, when it lies past a shared directory, its group or others may write
 * it, or `own` asks, the user's own with no permission for group or others. */
static long last_dir(struct walk *w, const struct hstat *st, int strict, int own) {
    if (st->uid != 0 && st->uid != w->euid) return refuse(w, 1, "is owned by another user");
    if (!(strict || own || (st->mode & 022))) return 0;
    if (st->uid != w->euid) return refuse(w, 1, "is owned by another user");
    if (st->mode & 077) return refuse(w, 1, "is accessible to other users (needs mode 0700)");
    return 0;
}

/* A walk's directory fd (O_PATH for those it passes through, which may lack read permission, as the kernel's own
 * walk needs only search permission) and its owner and mode: fstat takes an O_PATH fd from Linux 3.6 on, fstatat
 * with AT_EMPTY_PATH from 2.6.39 on. */
static long open_walked(int dirfd, const char *name, int final, struct hstat *st) {
    long fd = sys_openat(dirfd, name, (final ? O_RDONLY : O_PATH) | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    long r = fd < 0 ? fd : sys_fstatat((int)fd, "", st, AT_EMPTY_PATH);
    if (r < 0 && fd >= 0) sys_close((int)fd);
    return r < 0 ? r : fd;
}

/* Opens directory `path` (absolute), walking it from "/". Until a shared directory (pass_dir) has been passed, a
 * symlink is followed: read here, its target walked the same way. Past one, every component is opened with
 * O_NOFOLLOW and must be a directory. A missing component that ends after byte `keep` of `path` is created, mode
 * 0700. Returns the fd, or a negative errno with w->why (-EPERM for a refusal). */
static long open_dir(struct walk *w, const char *path, size_t keep, int own) {
    size_t olen = strlen(path), len = olen, orig = olen, p = 0, n = 0; /* rest's last `orig` bytes are path's */
    struct hstat st;
    int shared = 0, strict = 0, links = 0, readable = 1; /* whether fd was opened O_RDONLY, not O_PATH */
    long fd = -1, r = 0;
    w->refused = 0, w->why = NULL, w->at[0] = 0;
    if (olen >= PATH_MAX || *path != '/') r = -ENAMETOOLONG;
    else memcpy(w->rest, path, olen + 1);
    if (r == 0) fd = r = open_walked(AT_FDCWD, "/", 1, &st);
    while (r >= 0) {
        char *rest = w->rest;
        while (rest[p] == '/') p++;
        if (!rest[p]) break;
        size_t s = p, q;
        while (rest[p] && rest[p] != '/') p++;
        for (q = p; rest[q] == '/';) q++;
        size_t c = p - s;
        if (c == 1 && rest[s] == '.') continue;
        int dotdot = c == 2 && rest[s] == '.' && rest[s + 1] == '.', mine = s >= len - orig; /* path's, not a link's */
        int final = !rest[q], last = mine && final;
        if ((r = pass_dir(w, &st, strict, &shared)) < 0) break;
        int nofollow = shared || (own && last);
        char save = rest[p];
        rest[p] = 0;
        long nfd = open_walked((int)fd, rest + s, final, &st);
        if (nfd == -ENOENT && mine && !dotdot && p + olen - len > keep) {
            long m = sys_mkdirat((int)fd, rest + s, 0700);
            nfd = m < 0 && m != -EEXIST ? m : open_walked((int)fd, rest + s, final, &st);
        }
        long k = -EINVAL; /* the symlink's length, when the component is one */
        if (nfd == -ELOOP || nfd == -ENOTDIR) {
            if (!nofollow) k = sys_readlinkat((int)fd, rest + s, w->link, PATH_MAX - 1);
            nfd = nofollow || k == -EINVAL ? -ENOTDIR : k >= 0 ? -ELOOP : k;
        }
        rest[p] = save;
        if (k >= 0) { /* a symlink before anything shared: its target takes the component's place */
            size_t tail = len - p;
            if (++links > MAX_LINKS) { r = -ELOOP; break; }
            if ((size_t)k + tail >= PATH_MAX) { r = -ENAMETOOLONG; break; }
            if (mine) orig = tail; /* what follows the target is path's */
            memmove(rest + k, rest + p, tail + 1);
            memcpy(rest, w->link, (size_t)k);
            len = (size_t)k + tail;
            p = 0;
            if (w->link[0] == '/') {
                sys_close((int)fd);
                w->at[0] = 0, n = 0;
                fd = r = open_walked(AT_FDCWD, "/", 1, &st);
                readable = 1;
            }
            continue;
        }
        if (dotdot) {
            while (n > 0 && w->at[--n] != '/') {}
        } else if (n + 1 + c < PATH_MAX) {
            w->at[n] = '/';
            memcpy(w->at + n + 1, rest + s, c);
            n += 1 + c;
        }
        w->at[n] = 0;
        if (nfd < 0) {
            r = nofollow && nfd == -ENOTDIR ? refuse(w, last, "is a symbolic link or not a directory") : nfd;
            break;
        }
        sys_close((int)fd);
        fd = nfd;
        readable = final;
        strict = shared;
    }
    if (r >= 0) r = last_dir(w, &st, strict, own);
    if (r >= 0 && !readable) { /* the path ended in "." (or a symlink's target did): the same directory, readable */
        long rfd = sys_openat((int)fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        sys_close((int)fd);
        fd = r = rfd;
    }
    if (r >= 0) return fd;
    if (fd >= 0) sys_close((int)fd);
    if (!w->why) w->why = errname(r);
    return r;
}

/* The candidate's root, walked as open_dir does; a root under /tmp must be the user's own (docs/FORMAT.md, Cache 1). */
static long open_root(struct ctx *c, int strict) {
    long fd = open_dir(&c->walk, c->root, c->keep, strict);
    c->why = fd == -ENOENT && c->no_tmp ? "there is no /tmp and it cannot be created" : c->walk.why;
    return fd;
}

static const char *entry_path(struct ctx *c) {
    char *w = c->root + strlen(c->root);
    *w++ = '/';
    stpcpy_(w, c->entry);
    return c->root;
}

/* A cold run checks the payload's SHA-256 in a child process while it extracts (format version 2; docs/FORMAT.md
 * "Cache"): on two cores the hash then costs no time. The decoders and the archive reader are built for hostile
 * input (and fuzzed as such), they write only below this run's own temporary directory, and hash_end runs before
 * anything else can follow from the tree: before its rename, before any other error is reported, before an
 * entry of another candidate root is used. A damaged file still ends in 114 with nothing left in the cache.
 * Version 1 (whose codec and tree_size are checked, not hashed), a codec this launcher does not know, and a
 * system that refuses the fork hash first, as before. */
static void hash_begin(struct ctx *c) {
#ifdef HAVE_FORK
    if (c->p->version == 2 && c->p->codec <= 2) {
        long pid = fork_helper();
        if (pid == 0) sys_exit(payload_hash_ok(c->p) ? 0 : 1);
        if (pid > 0) {
            c->hasher = pid;
            return;
        }
    }
#endif
    payload_verify(c->p); /* dies with 114 before anything is written */
}

/* The hash's verdict: returns when it matched; otherwise removes this run's temporary directory below rootfd
 * (when >= 0) and exits 114. A hasher that did not exit 0 (a mismatch, or killed) is settled by hashing here. */
static void hash_end(struct ctx *c, long rootfd) {
#ifdef HAVE_FORK
    if (c->hasher <= 0) return;
    int ok = helper_ok(c->hasher);
    c->hasher = 0;
    if (ok || payload_hash_ok(c->p)) return;
    if (rootfd >= 0) rm_tree((int)rootfd, c->tmpname);
    payload_hash_failed();
#else
    (void)c, (void)rootfd;
#endif
}

const char *cache_prepare(const struct payload *p, long mtime, char **envp) {
    struct ctx *c = xalloc(sizeof *c);
    c->p = p;
    c->mtime = mtime;
    c->euid = c->walk.euid = (u32)sys_geteuid();
    memcpy(c->entry, p->hex, 32);
    c->why = "no candidate directory";

    for (int i = 0; i < 4; i++) {
        int strict;
        if (!candidate(c, envp, i, &strict)) continue;
        long rootfd = open_root(c, strict);
        memcpy(c->last, c->root, PATH_MAX);
        if (rootfd < 0) {
            refused(c);
            /* HERMIT_CACHE_DIR refused as unsafe (a mkdir -p under /tmp gives 0755): the user set it, and the run
             * would otherwise use another directory without a word. A read-only one is passed over in silence, as
             * an image's prepared cache is meant to be. */
            if (i == 0 && c->walk.refused)
                warn("not using HERMIT_CACHE_DIR ", c->root, c->why[0] == 'i' && c->why[1] == 's' ? " (it " : " (",
                     c->why, "); the cache goes to the next candidate (docs/FORMAT.md, \"Cache\")");
            continue;
        }
        /* the runtime could not be executed from it (execve and PROT_EXEC mappings fail): neither use an entry
         * there nor write one, try the next candidate */
        if (sys_on_noexec((int)rootfd)) {
            c->why = NOEXEC;
            refused(c);
            sys_close((int)rootfd);
            continue;
        }
        int state = entry_state(c, (int)rootfd);
        if (state == ENTRY_READY) {
            hash_end(c, -1); /* an earlier candidate started a hash: its verdict comes first */
            sys_close((int)rootfd);
            return entry_path(c);
        }
        c->unsealed = state == ENTRY_UNSEALED;
        if (!c->verified) { /* the slow path starts here */
            hash_begin(c);
            c->verified = 1;
            c->pid = sys_getpid();
            const u8 *r = (const u8 *)auxv_get(envp, AT_RANDOM);
            static const char hexd[] = "0123456789abcdef";
            for (int k = 0; k < 16; k++) /* no AT_RANDOM (not a Linux kernel): the pid still tells runs apart */
                c->id[2 * k] = hexd[(r ? r[k] : (u8)(c->pid >> (k % 4 * 8))) >> 4],
                c->id[2 * k + 1] = hexd[(r ? r[k] : (u8)(c->pid >> (k % 4 * 8))) & 15];
            utoa_(stpcpy_(stpcpy_(stpcpy_(c->tmpname, "."), c->entry), "."), (unsigned long)c->pid);
            stpcpy_(c->tmpname + strlen(c->tmpname), ".tmp");
        }
        clean_stale(c, (int)rootfd);
        /* an entry a killed run left unsealed goes; this run then seals before its rename, in the foreground */
        if (c->unsealed) remove_unsealed(c, (int)rootfd);
        xfsz_ignore();
        long r = sys_mkdirat((int)rootfd, c->tmpname, 0700);
        if (is_rofs(r)) {
            c->why = errname(r);
            refused(c);
            sys_close((int)rootfd);
            continue;
        }
        if (r < 0) hash_end(c, -1);
        if (r < 0)
            die(EXIT_WRITE, "cannot create a directory in the cache ", c->root, ": ", errname(r),
                write_advice(errname(r)));
        long tmpfd = sys_openat((int)rootfd, c->tmpname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        const char *why = NULL;
        int rc;
        if (tmpfd < 0) {
            rc = EXIT_WRITE, why = errname_nofollow(tmpfd);
        } else {
            sys_flock((int)tmpfd, LOCK_EX); /* "being written": held until the rename or the removal */
            long old = sys_umask(0);        /* entries get exactly their archive modes */
            rc = extract(c, (int)tmpfd, &why);
            sys_umask((int)old);
        }
        hash_end(c, rootfd); /* before the rename, and before any other verdict on the tree */
        int later = 0;
#ifdef HAVE_FORK
        /* As process 1 (a container's entrypoint) the sealer would be re-parented to the program, which never reaps
         * it: a zombie for the container's life. Sealed here then, as an interrupted run's entry is. */
        later = !c->unsealed && sys_getpid() != 1;
#endif
        if (!rc && !later) { /* sealed before the rename: the entry appears complete */
            long e = seal(c, (int)tmpfd, -1);
            if (e < 0) rc = EXIT_WRITE, why = errname(e);
        }
        if (!rc) {
            r = sys_renameat((int)rootfd, c->tmpname, (int)rootfd, c->entry);
            if (r == 0) {
                long e = 0;
#ifdef HAVE_FORK
                if (later && !seal_later(c, (int)tmpfd, (int)rootfd)) e = seal(c, (int)tmpfd, (int)rootfd);
#endif
                if (!later) sys_fsync((int)rootfd); /* the new name on disk; if lost, the temporary name is stale */
                if (e < 0) { /* no sealer and sealing failed here: the entry goes, as an unsealed one would */
                    if (sys_renameat((int)rootfd, c->entry, (int)rootfd, c->tmpname) == 0)
                        rm_tree((int)rootfd, c->tmpname);
                    die(EXIT_WRITE, "writing the cache failed in ", c->root, " (", errname(e), ")",
                        write_advice(errname(e)));
                }
                /* <entry>.cds of an earlier extraction stays: cds.c knows its archive by the entry's identity */
                sys_close((int)tmpfd);
                sys_close((int)rootfd);
                return entry_path(c);
            }
        }
        rm_tree((int)rootfd, c->tmpname);
        if (tmpfd >= 0) sys_close((int)tmpfd);
        if (rc == EXIT_WRITE)
            die(EXIT_WRITE, "writing the cache failed in ", c->root, " (", why, ")", write_advice(why));
        if (rc == EXIT_DAMAGED)
            die(EXIT_DAMAGED, "malformed trailer (", why, "); the executable is damaged: copy or download it again");
        if (rc == EXIT_SYSTEM) /* the second decoder was killed (out of memory?): nothing wrong with the file */
            die(rc, "cannot extract the payload (", why, ")", "; run it again");
        if (rc) die(rc, "cannot extract the payload (", why, ")", "; this is a hermit bug: please report it");
        if (r == -EEXIST || r == -ENOTEMPTY || r == -ENOTDIR || r == -EISDIR) {
            /* another process won the race: use its entry */
            if (entry_ready(c, (int)rootfd)) {
                sys_close((int)rootfd);
                return entry_path(c);
            }
            c->why = "holds an unusable entry for this payload";
            refused(c);
            sys_close((int)rootfd);
            continue;
        }
        die(EXIT_WRITE, "cannot rename the extracted tree into place in ", c->root, ": ", errname(r),
            "; set HERMIT_CACHE_DIR to another directory");
    }
    hash_end(c, -1);
    die(EXIT_NOCACHE, "no usable cache directory (", c->tried[0] ? c->tried : c->why,
        c->noexec ? "); set HERMIT_CACHE_DIR to a writable directory on a file system mounted without noexec"
                  : "); set HERMIT_CACHE_DIR to a writable directory");
}

/* ${HERMIT_TMP}: /tmp when the user may create files in it (an empty container has none), else "tmp" in the cache
 * root, the directory holding the entry (HERMIT_ROOT's parent), created 0700. Like a cache root under /tmp, it
 * must be the user's own real directory closed to others (temporary file names are often guessable), reached as a
 * cache root is (open_dir). When it cannot be created (a read-only cache) its path is still given: the program
 * fails only if it really writes a temporary file, which most never do. */
const char *tmp_dir(const char *root, const char *cache) {
    long access = sys_faccessat(AT_FDCWD, "/tmp/", W_OK | X_OK);
    if (access == 0) return "/tmp";
    char *t = xalloc(PATH_MAX + 8);
    size_t d;
    if (cache && *cache == '/' && strlen(cache) < PATH_MAX / 2) { /* in place: the user's cache directory */
        d = strlen(cache);
        while (d > 1 && cache[d - 1] == '/') d--;
        memcpy(t, cache, d);
        if (d > 1) t[d++] = '/';
    } else {
        d = strlen(root);
        while (d > 1 && root[d - 1] != '/') d--; /* "/cache/entry" -> "/cache/" */
        memcpy(t, root, d);
    }
    stpcpy_(t + d, "tmp");
    /* an in-place root at the top (an image's /hermit) falls back to /tmp itself: made 0700 where there is none
     * (a bare root), but one that is there and not writable (a read-only root) is no fallback */
    if (streq(t, "/tmp") && access != -ENOENT)
        die(EXIT_NOCACHE, "no temporary directory: /tmp is not writable; mount a writable /tmp (a tmpfs), or set "
                          "HERMIT_CACHE_DIR to a directory of your own, which then holds it");
    struct walk *w = xalloc(sizeof *w);
    w->euid = (u32)sys_geteuid();
    long fd = open_dir(w, t, d, 1); /* only "tmp" itself is created */
    if (fd >= 0) sys_close((int)fd);
    if (w->refused)
        die(EXIT_NOCACHE, "no temporary directory: /tmp is not writable and ", w->msg,
            "; mount a writable /tmp, or set HERMIT_CACHE_DIR to a directory of your own");
    xfree(w, sizeof *w);
    return t;
}
