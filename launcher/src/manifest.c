/* The manifest (docs/FORMAT.md "Manifest"): what to execve, with which arguments and environment. */
#include "hermit.h"

enum { TAG_EXEC = 1, TAG_ARG = 2, TAG_ENV = 3, TAG_INFO_MIN = 16 };

static const char V_ROOT[] = "${HERMIT_ROOT}", V_EXE[] = "${HERMIT_EXE}";

/* Expands one template into w (or only measures when w is NULL); returns the length without the NUL. */
static size_t expand(char *w, const u8 *v, size_t n, const char *root, const char *exe) {
    size_t out = 0, rl = strlen(root), el = strlen(exe);
    for (size_t i = 0; i < n;) {
        const char *rep = NULL;
        size_t skip = 1, rlen = 1;
        if (v[i] == '$' && n - i >= sizeof V_ROOT - 1 && memcmp(v + i, V_ROOT, sizeof V_ROOT - 1) == 0)
            rep = root, skip = sizeof V_ROOT - 1, rlen = rl;
        else if (v[i] == '$' && n - i >= sizeof V_EXE - 1 && memcmp(v + i, V_EXE, sizeof V_EXE - 1) == 0)
            rep = exe, skip = sizeof V_EXE - 1, rlen = el;
        if (w) {
            if (rep) memcpy(w + out, rep, rlen);
            else w[out] = (char)v[i];
        }
        out += rlen, i += skip;
    }
    if (w) w[out] = 0;
    return out;
}

__attribute__((noreturn)) static void bad(const char *why) {
    die(EXIT_DAMAGED, "malformed manifest (", why, "); copy or download the executable again");
}

/* One record; validated as it is read (the first, counting pass sees every record). */
struct rec {
    const u8 *v;
    u32 len;
    u16 tag;
};

static const u8 *next_rec(const u8 *q, const u8 *end, struct rec *r) {
    if (end - q < 8) bad("record header past the end");
    r->tag = le16(q);
    u16 flags = le16(q + 2);
    r->len = le32(q + 4);
    q += 8;
    if ((size_t)(end - q) < r->len) bad("record value past the end");
    r->v = q;
    if (r->tag < TAG_INFO_MIN) {
        if (flags) bad("nonzero record flags");
        if (r->tag < TAG_EXEC || r->tag > TAG_ENV) bad("unknown record tag");
        if (memchr_(r->v, 0, r->len)) bad("NUL byte in a value");
    }
    return q + r->len;
}

void manifest_exec(const struct payload *p, const char *root, const char *exe, char **argv, char **envp) {
    const u8 *m = p->manifest, *end = m + p->manifest_len;
    if (p->manifest_len < 8 || memcmp(m, "HMF1", 4) != 0) bad("no HMF1 magic");
    u32 count = le32(m + 4);
    const u8 *q;
    struct rec r;
    size_t n_exec = 0, n_arg = 0, n_env = 0, bytes = 0;
    q = m + 8;
    for (u32 i = 0; i < count; i++) {
        q = next_rec(q, end, &r);
        if (r.tag == TAG_EXEC) n_exec++;
        else if (r.tag == TAG_ARG) n_arg++;
        else if (r.tag == TAG_ENV) {
            const u8 *eq = memchr_(r.v, '=', r.len);
            if (!eq || eq == r.v) bad("ENV value is not KEY=VALUE");
            n_env++;
        } else continue;
        bytes += expand(NULL, r.v, r.len, root, exe) + 1;
    }
    if (q != end) bad("bytes after the last record");
    if (n_exec != 1) bad("needs exactly one EXEC");
    if (n_arg == 0) bad("needs at least one ARG");

    int argc = 0, envc = 0;
    while (argv[argc]) argc++;
    while (envp[envc]) envc++;
    size_t nptr = n_arg + (size_t)argc + 1 + (size_t)envc + n_env + 1;
    size_t size = nptr * sizeof(char *) + bytes;
    char **vec = xalloc(size);
    char **av = vec, **ev = vec + n_arg + (size_t)argc + 1, *s = (char *)(vec + nptr), *path = NULL;
    int na = 0, ne = 0;
    for (int i = 0; i < envc; i++) ev[ne++] = envp[i];
    q = m + 8;
    for (u32 i = 0; i < count; i++) {
        q = next_rec(q, end, &r);
        if (r.tag >= TAG_INFO_MIN) continue;
        size_t len = expand(s, r.v, r.len, root, exe);
        if (r.tag == TAG_EXEC) path = s;
        else if (r.tag == TAG_ARG) av[na++] = s;
        else {
            size_t k = (size_t)((const u8 *)memchr_(s, '=', len) - (const u8 *)s) + 1; /* "KEY=" */
            int set = 0;
            for (int j = 0; j < envc && !set; j++) set = memcmp(envp[j], s, k) == 0;
            if (!set) ev[ne++] = s;
        }
        s += len + 1;
    }
    for (int i = 1; i < argc; i++) av[na++] = argv[i];
    av[na] = NULL;
    ev[ne] = NULL;
    long r2 = sys_execve(path, av, ev);
    if (r2 == -EACCES)
        die(EXIT_EXEC, "cannot execute ", path, ": permission denied (is the cache on a noexec mount?); set ",
            "HERMIT_CACHE_DIR to a directory that allows execution, or report it with the output of `hermit inspect`");
    die(EXIT_EXEC, "cannot execute ", path, ": ", errname(r2), "; report it with the output of `hermit inspect`");
}
