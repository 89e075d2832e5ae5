/* hermit launcher: find the payload at the end of this executable, make sure its tree is extracted in the
 * cache (or, for an in-place launcher, find the tree it sits in), and execve the program it names.
 * docs/FORMAT.md is the contract. */
#include "hermit.h"

ARCH_START

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
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
