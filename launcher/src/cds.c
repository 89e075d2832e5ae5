/* Class-data sharing made on the target (docs/FORMAT.md "Class-data sharing"): the JVM's archive of the runtime's
 * and the app's classes lives beside the cache entry, in <entry>.cds/, never inside the verified entry. A run
 * either uses a finished archive, or records the classes it loads while a detached helper waits for it to exit
 * and then dumps the archive, or (another run is recording, the cache is read-only, a dump failed before) runs
 * without one. Nothing here can fail a run: every error means "no archive this time". */
#include "hermit.h"

#define ARCHIVE "app.jsa"
#define STAMP "app.jsa.ok" /* "<size> <sha256 of the first 4096 bytes> <entry id>": what the helper wrote */
#define FAILED "failed"    /* "<entry id>": the dump for that extraction failed, and is not retried */
#define LIST "classes.lst"
#define HEAD 4096

static char *join(const char *a, const char *b, const char *c) {
    char *s = xalloc(strlen(a) + strlen(b) + strlen(c) + 1);
    stpcpy_(stpcpy_(stpcpy_(s, a), b), c);
    return s;
}

/* The stamp of an open archive made for the extraction id, or 0 when it is not a plausible one (empty, not a
 * regular file, not ours). */
static int stamp_of(int fd, const char *id, char out[160]) {
    struct hstat st;
    if (sys_fstat(fd, &st) < 0 || (st.mode & S_IFMT) != S_IFREG || st.uid != (u32)sys_geteuid() || st.size == 0)
        return 0;
    u8 *h = xalloc(HEAD);
    long n = sys_read(fd, h, HEAD);
    if (n <= 0) return xfree(h, HEAD), 0;
    struct sha256 c;
    u8 d[32];
    sha256_init(&c);
    sha256_update(&c, h, (size_t)n);
    sha256_final(&c, d);
    xfree(h, HEAD);
    static const char hexd[] = "0123456789abcdef";
    char *w = utoa_(out, (unsigned long)st.size);
    *w++ = ' ';
    for (int i = 0; i < 32; i++) *w++ = hexd[d[i] >> 4], *w++ = hexd[d[i] & 15];
    *w++ = ' ';
    stpcpy_(w, id);
    return 1;
}

/* Whether the small file name in dfd holds exactly want. */
static int holds(int dfd, const char *name, const char *want) {
    char have[168];
    long fd = sys_openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) return 0;
    long n = sys_read((int)fd, have, sizeof have - 1);
    sys_close((int)fd);
    if (n <= 0) return 0;
    have[n] = 0;
    return streq(have, want);
}

/* A finished archive for this extraction of the entry: the file's size and first bytes are what the helper
 * stamped after the dump succeeded. A truncated, overwritten or half-renamed archive does not match, nor does one
 * made for an earlier extraction, whose jars had other mtimes (the JVM checks the rest: docs/FORMAT.md). */
static int archive_ok(int dfd, const char *id) {
    char want[160];
    long fd = sys_openat(dfd, ARCHIVE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (fd < 0) return 0;
    int ok = stamp_of((int)fd, id, want);
    sys_close((int)fd);
    return ok && holds(dfd, STAMP, want);
}

/* The entry's EXTRACTION_ID, or 0 when it has none. Tying the archive to it, rather than deleting <entry>.cds
 * when an entry is extracted again, leaves no window in which an extraction that lost the rename race deletes
 * the directory that a run of the winner's entry records in. */
static int entry_id(const char *root, char out[64]) {
    char *p = join(root, "/" EXTRACTION_ID, "");
    long fd = sys_openat(AT_FDCWD, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    xfree(p, strlen(p) + 1);
    if (fd < 0) return 0;
    long n = sys_read((int)fd, out, 33);
    sys_close((int)fd);
    if (n != 32) return 0;
    out[32] = 0;
    for (int i = 0; i < 32; i++)
        if (!((out[i] >= '0' && out[i] <= '9') || (out[i] >= 'a' && out[i] <= 'f'))) return 0;
    return 1;
}

/* Options that map the published archive. */
static void use_archive(struct cds *c) {
    c->opt[c->n++] = join("-XX:SharedArchiveFile=", c->dir, "/" ARCHIVE);
    c->opt[c->n++] = "-Xshare:auto"; /* an archive the JVM rejects is skipped, silently */
}

/* Whether the option variables change what an archive must have been dumped with (compressed oops and class
 * pointers, object alignment; ZGC has no compressed oops): a run so shaped records nothing, else its archive would
 * be the one every later run maps, and the JVM would skip it, silently, in each run without those options. The
 * app's own options (-J) shape every run alike and record as they are. */
static int reshapes(char **envp) {
    static const char *const opts[] = {"-XX:+UseZGC", "-XX:-UseCompressedOops", "-XX:-UseCompressedClassPointers",
                                       "-XX:ObjectAlignmentInBytes"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (env_sets(envp, opts[i], strlen(opts[i]))) return 1;
    return 0;
}

void cds_prepare(struct cds *c, const char *root, char **envp) {
    memset(c, 0, sizeof *c);
    c->dirfd = c->lockfd = c->listfd = -1;
    const char *off = getenv_(envp, "HERMIT_CDS");
    if ((off && streq(off, "off")) || !entry_id(root, c->id)) return;
    /* the user's own class-data sharing (-Xshare:off to rule it out, an archive of theirs) wins, as under java;
     * -Xshare:on and -XX:ArchiveClassesAtExit need a base archive, which under java is the JDK's default one and
     * here is ours, when there is one: those runs get it and nothing else (no -Xshare:auto, no recording) */
    int base_only = env_sets(envp, "-Xshare:on", 10) || env_sets(envp, "-XX:ArchiveClassesAtExit", 24) ||
                    env_sets(envp, "-XX:DumpLoadedClassList", 23) /* theirs would lose to the recording's */ ||
                    reshapes(envp);
    if ((env_sets(envp, "-Xshare:", 8) && !env_sets(envp, "-Xshare:on", 10)) ||
        env_sets(envp, "-XX:SharedArchiveFile", 21) || env_sets(envp, "-XX:+AutoCreateSharedArchive", 28))
        return;
    c->dir = join(root, ".cds", "");
    sys_mkdirat(AT_FDCWD, c->dir, 0700); /* EEXIST, or a read-only cache: found out by the open */
    long dfd = sys_openat(AT_FDCWD, c->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    if (dfd < 0) return;
    struct hstat st; /* like the cache root under /tmp: ours alone, or not used */
    if (sys_fstat((int)dfd, &st) < 0 || st.uid != (u32)sys_geteuid() || (st.mode & 077)) {
        sys_close((int)dfd);
        return;
    }
    if (archive_ok((int)dfd, c->id)) {
        if (base_only) c->opt[c->n++] = join("-XX:SharedArchiveFile=", c->dir, "/" ARCHIVE);
        else use_archive(c);
        sys_close((int)dfd);
        return;
    }
    if (base_only) { /* the run is the user's to shape: nothing recorded from it */
        sys_close((int)dfd);
        return;
    }
#ifdef HAVE_FORK
    /* As process 1 (a container's entrypoint) no recording: the helper would be re-parented to the JVM, which
     * never reaps it (a zombie, and a child in ProcessHandle.children()), and it dies with the container when the
     * JVM exits, before any archive is published. An archive made by another run is still used (above). */
    if (sys_getpid() == 1) {
        sys_close((int)dfd);
        return;
    }
    /* One recorder at a time: the lock is held by the helper until its dump is over. A failed dump is not retried
     * (each attempt would cost every later run a dump): delete <entry>.cds to try again. */
    long lk = sys_openat((int)dfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (lk < 0 || sys_flock((int)lk, LOCK_EX | LOCK_NB) < 0 || holds((int)dfd, FAILED, c->id)) {
        if (lk >= 0) sys_close((int)lk);
        sys_close((int)dfd);
        return;
    }
    /* Checked again under the lock: another run's helper may have published its archive (and let the lock go)
     * since the check above, and recording now would delete that archive and dump it again. */
    if (archive_ok((int)dfd, c->id)) {
        use_archive(c);
        sys_close((int)lk);
        sys_close((int)dfd);
        return;
    }
    sys_unlinkat((int)dfd, FAILED, 0); /* an earlier extraction's */
    sys_unlinkat((int)dfd, STAMP, 0);
    sys_unlinkat((int)dfd, ARCHIVE, 0);
    sys_unlinkat((int)dfd, ARCHIVE ".tmp", 0);
    /* Kept open across execve (no O_CLOEXEC) and locked: the JVM holds the lock until it exits, which is how the
     * helper learns that the list is complete. */
    long lf = sys_openat((int)dfd, LIST, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    if (lf < 0 || sys_flock((int)lf, LOCK_EX | LOCK_NB) < 0) {
        if (lf >= 0) sys_close((int)lf);
        sys_close((int)lk);
        sys_close((int)dfd);
        return;
    }
    c->dirfd = (int)dfd, c->lockfd = (int)lk, c->listfd = (int)lf;
    c->opt[c->n++] = join("-XX:DumpLoadedClassList=", c->dir, "/" LIST);
    c->dump[0] = "-Xshare:dump";
    c->dump[1] = join("-XX:SharedClassListFile=", c->dir, "/" LIST);
    c->dump[2] = join("-XX:SharedArchiveFile=", c->dir, "/" ARCHIVE ".tmp");
    /* a crash's report into dump.log (the helper's stderr), never a file of its own: with <dir> gone (the cache
     * deleted while it dumps) HotSpot writes hs_err_pid<N>.log into /tmp instead */
    c->dump[3] = "-XX:+ErrorFileToStderr";
#else
    sys_close((int)dfd);
#endif
}

#ifdef HAVE_FORK
/* Runs the dump (the JVM's own command line, with the dump's options): whether it exited with 0. */
static int dump(const char *path, char **av, char **ev) {
    long pid = sys_fork();
    if (pid == 0) {
        process_restore();
        sys_execve(path, av, ev);
        sys_exit(127);
    }
    int status = 0;
    return pid > 0 && sys_wait4(pid, &status) == pid && status == 0; /* exited, code 0 */
}

#define LAMBDA "@lambda-proxy "
#define LIST_MAX (64u << 20)

/* Takes the list's "@lambda-proxy" lines out (the lambdas are then spun at run time, as without an archive):
 * JDK 17.0.15's dump crashes on a lambda proxy whose interface is in a signed jar (JGit's, every jar signed).
 * Whether any was taken out and the list rewritten. */
static int drop_lambda_proxies(int d) {
    long fd = sys_openat(d, LIST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    struct hstat st;
    if (fd < 0) return 0;
    if (sys_fstat((int)fd, &st) < 0 || st.size == 0 || st.size > LIST_MAX) return sys_close((int)fd), 0;
    size_t n = (size_t)st.size, got = 0, kept = 0;
    char *b = xalloc(n);
    for (long r; got < n && (r = sys_read((int)fd, b + got, n - got)) > 0;) got += (size_t)r;
    sys_close((int)fd);
    for (size_t i = 0; i < got;) { /* in place: a kept line moves down over the dropped ones */
        size_t e = i;
        while (e < got && b[e] != '\n') e++;
        if (e < got) e++;
        size_t len = e - i, ll = sizeof LAMBDA - 1;
        if (!(len >= ll && memcmp(b + i, LAMBDA, ll) == 0)) {
            memmove(b + kept, b + i, len);
            kept += len;
        }
        i = e;
    }
    int ok = got == n && kept < got;
    long w = ok ? sys_openat(d, LIST ".tmp", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    ok = w >= 0 && sys_write((int)w, b, kept) == (long)kept;
    if (w >= 0) sys_close((int)w);
    ok = ok && sys_renameat(d, LIST ".tmp", d, LIST) == 0;
    if (!ok) sys_unlinkat(d, LIST ".tmp", 0);
    xfree(b, n);
    return ok;
}

/* Options that make a JVM write or act outside its working directory (<entry>.cds) as it starts, or that make a
 * dump fail: not given to the dumping JVM (docs/FORMAT.md "Class-data sharing" 4). None of them bears on whether
 * the archive matches the run (the class path, module options, compressed oops and class pointers, the GC: those
 * stay). A prefix of the option as the JVM reads it. */
static const char *const OUTSIDE[] = {
    "-Xlog",                 /* -Xlog:...:file=, -Xloggc: open (and rotate) their files at startup */
    "-XX:LogFile=",          /* with LogVMOutput or LogCompilation */
    "-XX:ErrorFile=",        /* a crash's hs_err file: in the working directory instead */
    "-XX:HeapDumpPath=",     /* a heap dump on OutOfMemoryError: in the working directory instead */
    "-XX:PerfDataSaveFile=", /* with PerfDataSaveToFile */
    "-XX:OnError=", "-XX:OnOutOfMemoryError=", /* commands */
    "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", /* a recording, its repository and dump */
    "-XX:DumpLoadedClassList",                             /* the user's own class list */
    "-agentlib:", "-agentpath:", "-Xrun", "-Xdebug",       /* JVMTI agents: jdwp listens on its port */
    "-javaagent:",           /* a dump with an agent fails: "Must enable AllowArchivingWithJavaAgent" */
    "-Dcom.sun.management.", /* the management agent: JMX on its port */
};

static int acts_outside(const char *opt, size_t n) {
    for (size_t i = 0; i < sizeof OUTSIDE / sizeof *OUTSIDE; i++) {
        size_t k = strlen(OUTSIDE[i]);
        if (n >= k && memcmp(opt, OUTSIDE[i], k) == 0) return 1;
    }
    return 0;
}

static int blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f'; }

/* An option variable for the dump ("NAME=" is its first klen bytes): itself when none of its options acts
 * outside, else rebuilt from those that do not (the JVM splits it at white space), or NULL to leave it out: when
 * none is left, and when it holds quotes (which group words into one option) and anything that might be one. */
static char *dump_variable(char *e, size_t klen) {
    const char *v = e + klen;
    size_t n = strlen(v);
    int quoted = memchr_(v, '"', n) || memchr_(v, '\'', n), out = 0;
    for (size_t i = 0; i < n; i++)
        if ((quoted || i == 0 || blank(v[i - 1])) && acts_outside(v + i, n - i)) out = 1;
    if (!out) return e;
    if (quoted) return NULL;
    char *r = xalloc(klen + n + 1), *w = r + klen;
    memcpy(r, e, klen);
    for (size_t i = 0; i < n;) {
        while (i < n && blank(v[i])) i++;
        size_t s = i;
        while (i < n && !blank(v[i])) i++;
        if (i == s || acts_outside(v + s, i - s)) continue;
        if (w > r + klen) *w++ = ' ';
        memcpy(w, v + s, i - s);
        w += i - s;
    }
    *w = 0;
    return w > r + klen ? r : NULL;
}

/* The dump's command line (after av[0]: the program, or the emulator) and environment, in place: without the
 * options that act outside <entry>.cds, in its arguments and in the variables the JVM and the java launcher read. */
static void dump_vectors(char **av, char **ev) {
    static const char *const vars[3] = {"JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=", "_JAVA_OPTIONS="};
    int k = 1;
    for (int i = 1; av[i]; i++)
        if (!acts_outside(av[i], strlen(av[i]))) av[k++] = av[i];
    av[k] = NULL;
    k = 0;
    for (int i = 0; ev[i]; i++) {
        char *e = ev[i];
        for (int j = 0; j < 3 && e; j++) {
            size_t l = strlen(vars[j]);
            if (memcmp(e, vars[j], l) == 0) e = dump_variable(e, l);
        }
        if (e) ev[k++] = e;
    }
    ev[k] = NULL;
}

/* The detached helper: waits for the recording JVM to exit, dumps, and publishes the archive atomically. */
__attribute__((noreturn)) static void helper(struct cds *c, const char *path, char **av, char **ev) {
    int d = c->dirfd;
    sys_setsid(); /* out of the terminal's process group: a ^C to the app does not stop the dump */
    sys_nice10();
    /* The dumping JVM writes what it writes by relative path (hs_err_pid<N>.log when it crashes, as JDK 17.0.15 does
     * on a lambda proxy of a signed jar's interface) into <entry>.cds, never into the directory the app was run
     * from; nor does the helper keep that directory busy while it waits. Failing, the dump is not made. */
    if (sys_fchdir(d) < 0) sys_exit(0);
    long log = sys_openat(d, "dump.log", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    for (int fd = 0; fd < 3 && log >= 0; fd++) sys_dup3((int)log, fd);
    /* nothing of the caller's stays open (a pipe held here would keep `$(app)` waiting for the dump), and the
     * list's descriptor must go: it shares the JVM's lock */
    for (int fd = 3; fd < 1024; fd++)
        if (fd != d && fd != c->lockfd) sys_close(fd);
    long w = sys_openat(d, LIST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
    struct hstat st;
    int ok = w >= 0 && sys_flock((int)w, LOCK_EX) == 0 && sys_fstat((int)w, &st) == 0 && st.size > 0;
    if (ok) {
        dump_vectors(av, ev);
        ok = dump(path, av, ev);
        if (!ok && drop_lambda_proxies(d)) { /* once more without them, over what the failed one left */
            sys_unlinkat(d, ARCHIVE ".tmp", 0);
            ok = dump(path, av, ev);
        }
        char stamp[160] = {0};
        long a = ok ? sys_openat(d, ARCHIVE ".tmp", O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0) : -1;
        ok = a >= 0 && stamp_of((int)a, c->id, stamp) && sys_fsync((int)a) == 0;
        if (a >= 0) sys_close((int)a);
        ok = ok && sys_renameat(d, ARCHIVE ".tmp", d, ARCHIVE) == 0;
        long s = ok ? sys_openat(d, STAMP ".tmp", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
        size_t n = strlen(stamp);
        ok = s >= 0 && sys_write((int)s, stamp, n) == (long)n && sys_fsync((int)s) == 0;
        if (s >= 0) sys_close((int)s);
        ok = ok && sys_renameat(d, STAMP ".tmp", d, STAMP) == 0;
        if (ok) sys_fsync(d);
        if (!ok) {
            sys_unlinkat(d, ARCHIVE ".tmp", 0);
            sys_unlinkat(d, STAMP ".tmp", 0);
            long f = sys_openat(d, FAILED, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (f >= 0) sys_write((int)f, c->id, strlen(c->id)), sys_close((int)f);
        }
    }
    sys_unlinkat(d, LIST, 0);
    sys_exit(0); /* the lock goes with it */
}

void cds_spawn(struct cds *c, const char *path, char **av, char **ev) {
    if (c->listfd < 0) return;
    long a = sys_fork();
    if (a == 0) { /* a child that exits at once, so the helper is nobody's child: not the app's, whose */
        if (sys_fork() == 0) helper(c, path, av, ev); /* ProcessHandle.children() would list it */
        sys_exit(0);
    }
    if (a > 0) sys_wait4(a, NULL);
    sys_close(c->dirfd); /* the lock and the directory stay with the helper; the list's lock with the JVM */
    sys_close(c->lockfd);
}
#else
void cds_spawn(struct cds *c, const char *path, char **av, char **ev) { (void)c, (void)path, (void)av, (void)ev; }
#endif
