/* hermit launcher: find the payload at the end of this executable, make sure its tree is extracted in the
 * cache, and execve the program it names. docs/FORMAT.md is the contract. */
#include "hermit.h"

ARCH_START

#define AT_EXECFN 31

/* The absolute path of this executable: /proc/self/exe, else the kernel's AT_EXECFN made absolute. */
static char *self_path(char **envp, char *buf) {
    long n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, PATH_MAX - 1);
    if (n > 0) {
        buf[n] = 0;
        return buf;
    }
    while (*envp) envp++;
    for (unsigned long *av = (unsigned long *)(envp + 1); av[0]; av += 2) {
        if (av[0] != AT_EXECFN) continue;
        const char *fn = (const char *)av[1];
        char *w = buf;
        if (*fn != '/') {
            if (sys_getcwd(buf, PATH_MAX / 2) < 0) break;
            w = buf + strlen(buf);
            *w++ = '/';
        }
        if (strlen(fn) >= PATH_MAX / 2) break;
        stpcpy_(w, fn);
        return buf;
    }
    die(EXIT_SYSTEM, "cannot find this executable's path (readlink /proc/self/exe failed); mount /proc");
}

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
    char *exe = self_path(envp, xalloc(PATH_MAX));

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
    payload_read(&p, file, st.size);
    const char *root = cache_prepare(&p, envp);
    manifest_exec(&p, root, exe, argv, envp);
}
