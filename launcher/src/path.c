/* Where this executable is, also without /proc (docs/FORMAT.md "Finding the executable"), and the root of an
 * in-place launcher's tree. */
#include "hermit.h"

#define AT_EXECFN 31 /* the kernel's copy of the filename given to execve */
#define MAX_LINKS 40 /* the kernel's limit of symlinks followed in one lookup */

/* The working directory; the kernel writes "(unreachable)..." for one outside our root: not a path. */
static long cwd(char *out) {
    long r = sys_getcwd(out, PATH_MAX);
    if (r < 0) return r;
    return out[0] == '/' ? 0 : -ENOENT;
}

/* realpath(3) without /proc: `in` (relative to the working directory) made absolute with every ".", ".." and
 * symlink resolved, one readlinkat per component. The last component must exist; its type is not checked.
 * Returns 0 or -errno; `out` holds PATH_MAX bytes. */
long path_canonical(const char *in, char *out) {
    char *rest = xalloc(2 * PATH_MAX), *link = rest + PATH_MAX; /* rest: what is still to walk */
    size_t n = 0, p = 0, len = strlen(in);                      /* out[0..n): resolved so far, "" is "/" */
    long r = 0;
    int links = 0;
    if (len >= PATH_MAX) r = -ENAMETOOLONG;
    else if (*in != '/' && (r = cwd(out)) == 0) n = strlen(out) == 1 ? 0 : strlen(out);
    if (r == 0) memcpy(rest, in, len + 1);
    while (r == 0) {
        while (rest[p] == '/') p++;
        if (!rest[p]) break;
        size_t s = p;
        while (rest[p] && rest[p] != '/') p++;
        size_t c = p - s;
        if (c == 1 && rest[s] == '.') continue;
        if (c == 2 && rest[s] == '.' && rest[s + 1] == '.') {
            while (n > 0 && out[--n] != '/') {}
            continue;
        }
        if (n + 1 + c >= PATH_MAX) { r = -ENAMETOOLONG; break; }
        size_t parent = n;
        out[n] = '/';
        memcpy(out + n + 1, rest + s, c);
        n += 1 + c;
        out[n] = 0;
        long k = sys_readlinkat(AT_FDCWD, out, link, PATH_MAX - 1);
        if (k == -EINVAL) continue; /* not a symlink */
        if (k < 0) { r = k; break; }
        if (++links > MAX_LINKS) { r = -ELOOP; break; }
        size_t tail = strlen(rest + p); /* the link's target replaces the component, the rest follows */
        if ((size_t)k + tail >= PATH_MAX) { r = -ENAMETOOLONG; break; }
        memmove(rest + k, rest + p, tail + 1);
        memcpy(rest, link, (size_t)k);
        p = 0;
        n = link[0] == '/' ? 0 : parent;
    }
    if (n == 0) out[n++] = '/';
    out[n] = 0;
    xfree(rest, 2 * PATH_MAX);
    return r;
}

static int is_file(const char *path) {
    struct hstat st;
    return sys_fstatat(AT_FDCWD, path, &st, 0) == 0 && (st.mode & S_IFMT) == S_IFREG;
}

/* What a shell's PATH search for `name` would run: the first executable regular file in $PATH ("" is "."). */
static int path_search(const char *name, char **envp, char *out) {
    const char *path = getenv_(envp, "PATH");
    char *cand = xalloc(PATH_MAX);
    int found = 0;
    size_t nl = strlen(name);
    while (path && !found) {
        const char *e = path;
        while (*e && *e != ':') e++;
        size_t dl = (size_t)(e - path);
        if (dl == 0) dl = 1, path = ".";
        if (dl + 1 + nl < PATH_MAX) {
            memcpy(cand, path, dl);
            cand[dl] = '/';
            memcpy(cand + dl + 1, name, nl + 1);
            found = sys_faccessat(AT_FDCWD, cand, X_OK) == 0 && is_file(cand) && path_canonical(cand, out) == 0;
        }
        path = *e ? e + 1 : NULL;
    }
    xfree(cand, PATH_MAX);
    return found;
}

/* The absolute path of this executable (${HERMIT_EXE}), symlinks resolved: /proc/self/exe; without /proc (an
 * empty container) AT_EXECFN, else argv[0] when it holds a '/', else argv[0] searched in $PATH. */
const char *self_path(char **argv, char **envp) {
    char *buf = xalloc(PATH_MAX);
    long n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, PATH_MAX - 1);
    if (n > 0 && n < PATH_MAX - 1 && buf[0] == '/') {
        buf[n] = 0;
        return buf;
    }
    const char *fn = (const char *)auxv_get(envp, AT_EXECFN), *a0 = argv[0];
    if (fn && path_canonical(fn, buf) == 0 && is_file(buf)) return buf;
    if (a0 && memchr_(a0, '/', strlen(a0)) && path_canonical(a0, buf) == 0 && is_file(buf)) return buf;
    if (a0 && *a0 && !memchr_(a0, '/', strlen(a0)) && path_search(a0, envp, buf)) return buf;
    die(EXIT_SYSTEM, "cannot find this executable's path (no /proc/self/exe, AT_EXECFN, argv[0] or PATH entry ",
        "names it); mount /proc or run it by its path");
}

/* An in-place launcher's ${HERMIT_ROOT}: its own directory joined with the INPLACE value, made canonical. */
const char *inplace_root(const char *exe, const u8 *rel, size_t len) {
    char *joined = xalloc(PATH_MAX), *out = xalloc(PATH_MAX);
    size_t d = strlen(exe);
    while (d > 0 && exe[d - 1] != '/') d--; /* exe is canonical: keep "/dir/" of "/dir/name" */
    long r = -ENAMETOOLONG;
    if (d + len < PATH_MAX) {
        memcpy(joined, exe, d);
        memcpy(joined + d, rel, len);
        joined[d + len] = 0;
        r = path_canonical(joined, out);
    }
    if (r < 0)
        die(EXIT_EXEC, "cannot find the tree this in-place launcher belongs to (", joined, ": ", errname(r),
            "); run the hermit executable itself again, or report it with the output of `hermit inspect`");
    xfree(joined, PATH_MAX);
    return out;
}
