/* hermit launcher: find the payload at the end of this executable, make sure its tree is extracted in the
 * cache (or, for an in-place launcher, find the tree it sits in), and execve the program it names.
 * docs/FORMAT.md is the contract. */
#include "hermit.h"

ARCH_START

static long xfsz_given[KSIGACTION_LONGS]; /* SIGXFSZ's disposition as the launcher was started with it */
static int xfsz_changed;

/* A caller may start the launcher with fds 0-2 closed (`app <&- >&-`): its own first files would then take those
 * numbers, and a message for stderr, or the app's stdout, would go into the cache. Each closed one is held by an
 * O_PATH descriptor of "/" (reads and writes fail with EBADF, as on a closed fd) that execve closes (O_CLOEXEC):
 * the program starts with them closed, as under java. Two syscalls when none is closed (the warm path counts). */
void process_hold(void) {
    long fd;
    do fd = sys_openat(AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0);
    while (fd >= 0 && fd < 3);
    if (fd >= 0) sys_close((int)fd);
}

/* A file size limit (ulimit -f) smaller than a file of the tree would kill a cold run with SIGXFSZ, its temporary
 * directory left behind and no word why: ignored while it extracts, the write fails with EFBIG, reported as a full
 * disk is. */
void xfsz_ignore(void) {
    long ignore[KSIGACTION_LONGS] = {1}; /* SIG_IGN */
    if (!xfsz_changed) /* once: a second candidate root must not take our SIG_IGN for the one given */
        xfsz_changed = sys_rt_sigaction(SIGXFSZ, ignore, xfsz_given) == 0;
}

/* Before any execve: SIGXFSZ as it was given (an ignored disposition survives execve). */
void process_restore(void) {
    if (xfsz_changed) sys_rt_sigaction(SIGXFSZ, xfsz_given, NULL);
}

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
    process_hold();
    const char *exe = self_path(argv, envp);

    long fd = sys_openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) fd = sys_openat(AT_FDCWD, exe, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) die(EXIT_SYSTEM, "cannot open this executable ", exe, ": ", errname(fd));
    struct hstat st;
    long r = sys_fstat((int)fd, &st);
    if (r < 0) die(EXIT_SYSTEM, "cannot stat this executable: ", errname(r));
    if (st.size != (size_t)st.size) die(EXIT_SYSTEM, "this executable is too large to map on this system");
    const u8 *file = sys_mmap_file((int)fd, (size_t)st.size);
    if (SYS_IS_ERR(file)) die(EXIT_SYSTEM, "cannot map this executable: ", errname((long)file));
    sys_close((int)fd);

    struct payload p;
    struct manifest m;
    payload_read(&p, file, st.size);
    const char *bad = manifest_read(&p, &m), *root;
    if (!bad && m.inplace) {
        /* The tree it sits in was checked when it was extracted; its own payload is hashed like any other (a few
         * hundred bytes: microseconds), or one damaged byte could turn a record into INPLACE and run a program
         * found beside the executable. */
        payload_verify(&p);
        root = inplace_root(exe, m.inplace, m.inplace_len);
    } else {
        /* a damaged manifest is reported after the cache step, which hashes on a cold cache: a damaged file
         * then shows as 114 like any other damage, a warm run as 113 (docs/FORMAT.md "Trailer") */
        root = cache_prepare(&p, bad ? -1 : m.mtime, envp);
        if (bad) manifest_bad(bad);
    }
    manifest_exec(&m, root, exe, argv, envp);
}
