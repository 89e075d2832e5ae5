/* The manifest (docs/FORMAT.md "Manifest"): what to execve, with which arguments and environment. */
#include "hermit.h"

enum { TAG_EXEC = 1, TAG_ARG = 2, TAG_ENV = 3, TAG_INPLACE = 4, TAG_CDS = 5, TAG_HOME = 6, TAG_MTIME = 7,
       TAG_INFO_MIN = 16 };

/* The template variables; HERMIT_TMP is looked up only when a template names it (it may create a directory). */
struct vars {
    const char *val[9];
    const char *root;
    char **envp;
    int inplace; /* an in-place launcher: its root is no cache entry, so ${HERMIT_TMP} falls back to the user's cache */
};
static const char *const NAMES[9] = {"${HERMIT_ROOT}", "${HERMIT_EXE}", "${HERMIT_TMP}", "${HERMIT_LANGUAGE}",
                                     "${HERMIT_COUNTRY}", "${HERMIT_FORMAT_LANGUAGE}", "${HERMIT_FORMAT_COUNTRY}",
                                     "${HERMIT_SCRIPT}", "${HERMIT_FORMAT_SCRIPT}"};
enum {
    V_TMP = 2, V_LANGUAGE = 3, V_COUNTRY = 4, V_FORMAT_LANGUAGE = 5, V_FORMAT_COUNTRY = 6, V_SCRIPT = 7,
    V_FORMAT_SCRIPT = 8, N_VARS = 9
};

static int lower(char c) { return c >= 'a' && c <= 'z'; }
static int upper(char c) { return c >= 'A' && c <= 'Z'; }
static int digit(char c) { return c >= '0' && c <= '9'; }
static int ends_part(char c) { return c == 0 || c == '.' || c == '@'; }

/* The script a locale's modifier names, as the JDK maps glibc's (sr_RS.UTF-8@latin: Serbian in Latin letters);
 * others (@euro, @valencia) name none. */
static const char *modifier_script(const char *m) {
    static const char *const map[4][2] = {{"latin", "Latn"}, {"cyrillic", "Cyrl"}, {"devanagari", "Deva"},
                                          {"iqtelif", "Latn"}};
    for (int i = 0; i < 4; i++)
        if (streq(m, map[i][0])) return map[i][1];
    return "";
}

/* The language, country and script of the locale the environment asks for in a category (LC_ALL, else the
 * category's variable, else LANG: the first that is set and not empty, as the C library picks it), from
 * "ll[_CC][.codeset][@modifier]"; else "en" and "US", as the JDK takes C, POSIX and a locale the C library lacks,
 * but "en" and "" for C.UTF-8, as the JDK does. A bundled C library carries C.UTF-8 only, so the JVM would
 * otherwise take every locale for English. */
static void parse_locale(char **envp, const char *category, char *language, char *country, const char **script) {
    const char *const keys[3] = {"LC_ALL", category, "LANG"};
    const char *v = NULL;
    for (int i = 0; i < 3 && !(v && *v); i++) v = getenv_(envp, keys[i]);
    size_t l = 0, c = 0;
    while (v && l < 3 && lower(v[l])) l++;
    if (l >= 2 && (ends_part(v[l]) || v[l] == '_')) {
        const char *cc = v + l + 1;
        if (v[l] == '_' && upper(cc[0]) && upper(cc[1]) && ends_part(cc[2])) c = 2;
        else if (v[l] == '_' && digit(cc[0]) && digit(cc[1]) && digit(cc[2]) && ends_part(cc[3])) c = 3;
        memcpy(language, v, l);
        memcpy(country, cc, c);
        const char *at = v + l;
        while (*at && *at != '@') at++;
        *script = *at ? modifier_script(at + 1) : "";
    } else { /* as the JDK reads C and POSIX (and no locale, or one the C library lacks): en_US; C.UTF-8: en */
        memcpy(language, "en", l = 2);
        if (!(v && v[0] == 'C' && v[1] == '.')) memcpy(country, "US", c = 2);
        *script = "";
    }
    language[l] = 0, country[c] = 0;
}

/* The display locale from LC_MESSAGES, the format locale from LC_CTYPE (LC_ALL first, LANG last), as the JDK reads
 * them: ${HERMIT_FORMAT_LANGUAGE} and ${HERMIT_FORMAT_COUNTRY} are the format locale's where it differs from the
 * display locale's (German numbers with English messages, LANG=de_DE.UTF-8 LC_MESSAGES=en_US.UTF-8), else empty,
 * so that the ARG that names them is left out (default_left_out), as the JDK then sets no user.*.format. */
static void locale_vars(struct vars *vs) {
    static char language[4], country[4], flanguage[4], fcountry[4];
    const char *script, *fscript;
    parse_locale(vs->envp, "LC_MESSAGES", language, country, &script);
    parse_locale(vs->envp, "LC_CTYPE", flanguage, fcountry, &fscript);
    if (streq(flanguage, language)) flanguage[0] = 0;
    if (streq(fcountry, country)) fcountry[0] = 0;
    if (streq(fscript, script)) fscript = "";
    vs->val[V_LANGUAGE] = language, vs->val[V_COUNTRY] = country, vs->val[V_SCRIPT] = script;
    vs->val[V_FORMAT_LANGUAGE] = flanguage, vs->val[V_FORMAT_COUNTRY] = fcountry, vs->val[V_FORMAT_SCRIPT] = fscript;
}

static const char *var(struct vars *vs, int i) {
    if (i == V_TMP && !vs->val[i])
        vs->val[i] = tmp_dir(vs->root, vs->inplace ? getenv_(vs->envp, "HERMIT_CACHE_DIR") : NULL);
    if (i >= V_LANGUAGE && !vs->val[i]) locale_vars(vs);
    return vs->val[i];
}

/* Expands one template into w (or only measures when w is NULL); returns the length without the NUL. */
static size_t expand(char *w, const u8 *v, size_t n, struct vars *vs) {
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        const char *rep = NULL;
        size_t skip = 1, rlen = 1;
        for (int k = 0; k < N_VARS && !rep && v[i] == '$'; k++) {
            size_t nl = strlen(NAMES[k]);
            if (n - i >= nl && memcmp(v + i, NAMES[k], nl) == 0) rep = var(vs, k), skip = nl, rlen = strlen(rep);
        }
        if (w) {
            if (rep) memcpy(w + out, rep, rlen);
            else w[out] = (char)v[i];
        }
        out += rlen, i += skip;
    }
    if (w) w[out] = 0;
    return out;
}

/* One record; validated as it is read (manifest_read's pass sees every record before anything uses one). */
struct rec {
    const u8 *v;
    u32 len;
    u16 tag;
};

static const u8 *next_rec(const u8 *q, const u8 *end, struct rec *r, const char **why) {
    if (end - q < 8) return *why = "record header past the end", NULL;
    r->tag = le16(q);
    u16 flags = le16(q + 2);
    r->len = le32(q + 4);
    q += 8;
    if ((size_t)(end - q) < r->len) return *why = "record value past the end", NULL;
    r->v = q;
    if (r->tag < TAG_INFO_MIN) {
        if (flags) return *why = "nonzero record flags", NULL;
        if (r->tag < TAG_EXEC || r->tag > TAG_MTIME) return *why = "unknown record tag", NULL;
        if (memchr_(r->v, 0, r->len)) return *why = "NUL byte in a value", NULL;
    }
    return q + r->len;
}

/* MTIME's value: decimal seconds without a leading zero, below 2^31 (the 32-bit arches' utimensat takes no more);
 * else -1. */
static long seconds(const u8 *v, u32 len) {
    u64 n = 0;
    if (len == 0 || len > 10 || (len > 1 && v[0] == '0')) return -1;
    for (u32 i = 0; i < len; i++) {
        if (!digit((char)v[i])) return -1;
        n = n * 10 + (u64)(v[i] - '0');
    }
    return n < (1ULL << 31) ? (long)n : -1;
}

const char *manifest_read(const struct payload *p, struct manifest *mf) {
    const u8 *m = p->manifest, *end = m + p->manifest_len;
    const char *why = NULL;
    memset(mf, 0, sizeof *mf);
    mf->mtime = -1;
    if (p->manifest_len < 8 || memcmp(m, "HMF1", 4) != 0) return "no HMF1 magic";
    mf->m = m, mf->end = end, mf->count = le32(m + 4);
    size_t n_exec = 0, n_inplace = 0, n_cds = 0, n_home = 0, n_mtime = 0;
    const u8 *q = m + 8;
    struct rec r;
    for (u32 i = 0; i < mf->count; i++) {
        if (!(q = next_rec(q, end, &r, &why))) return why;
        if (r.tag == TAG_EXEC) n_exec++;
        else if (r.tag == TAG_ARG) mf->n_arg++;
        else if (r.tag == TAG_ENV) {
            const u8 *eq = memchr_(r.v, '=', r.len);
            if (!eq || eq == r.v) return "ENV value is not KEY=VALUE";
            mf->n_env++;
        } else if (r.tag == TAG_INPLACE) {
            if (r.len == 0 || r.v[0] == '/') return "INPLACE value is not a relative path";
            mf->inplace = r.v, mf->inplace_len = r.len, n_inplace++;
        } else if (r.tag == TAG_CDS) {
            if (r.len != 6 || memcmp(r.v, "static", 6) != 0) return "unknown CDS mode";
            mf->cds = 1, n_cds++;
        } else if (r.tag == TAG_HOME) {
            if (r.len != 3 || memcmp(r.v, "env", 3) != 0) return "unknown HOME mode";
            mf->home = 1, n_home++;
        } else if (r.tag == TAG_MTIME) {
            if ((mf->mtime = seconds(r.v, r.len)) < 0) return "MTIME is not seconds below 2^31";
            n_mtime++;
        }
    }
    if (q != end) return "bytes after the last record";
    if (n_exec != 1) return "needs exactly one EXEC";
    if (mf->n_arg == 0) return "needs at least one ARG";
    if (n_inplace > 1) return "more than one INPLACE";
    if (n_cds > 1) return "more than one CDS";
    if (n_home > 1) return "more than one HOME";
    if (n_mtime > 1) return "more than one MTIME";
    return NULL;
}

void manifest_bad(const char *why) {
    die(EXIT_DAMAGED, "malformed manifest (", why, "); copy or download the executable again");
}

/* An n-byte field of an ELF file in the file's own byte order (EI_DATA), which need not be the host's. */
__attribute__((noinline)) static u64 elf_uint(const u8 *p, int n, int big_endian) {
    u64 v = 0;
    for (int i = 0; i < n; i++) v |= (u64)p[big_endian ? i : n - 1 - i] << (8 * (n - 1 - i));
    return v;
}

/* execve fails with ENOENT also when the file exists but its interpreter does not: an ELF's PT_INTERP (the C
 * library's dynamic loader: a runtime that uses the system's C library, in an empty root or on a musl system) or
 * a script's "#!" program. Names it, from the file's first 4 KB, and exits 118; returns when the file is missing. */
static void explain_missing_interpreter(const char *path) {
    long fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return;
    u8 *h = xalloc(4096);
    long n = sys_read((int)fd, h, 4095);
    sys_close((int)fd);
    if (n < 0) n = 0;
    h[n] = 0;
    const char *interp = NULL;
    if (n > 2 && h[0] == '#' && h[1] == '!') {
        char *q = (char *)h + 2, *e;
        while (*q == ' ' || *q == '\t') q++;
        for (e = q; *e && *e != ' ' && *e != '\t' && *e != '\n'; e++) {}
        *e = 0;
        die(EXIT_EXEC, "cannot execute ", path, ": its interpreter ", q, " is missing",
            "; report it with the output of `hermit inspect`");
    }
    if (n >= 64 && memcmp(h, "\177ELF", 4) == 0 && (h[4] == 1 || h[4] == 2) && (h[5] == 1 || h[5] == 2)) {
        int is64 = h[4] == 2, be = h[5] == 2;
        u64 phoff = is64 ? elf_uint(h + 32, 8, be) : elf_uint(h + 28, 4, be);
        u32 phsize = (u32)elf_uint(h + (is64 ? 54 : 42), 2, be), phnum = (u32)elf_uint(h + (is64 ? 56 : 44), 2, be);
        for (u32 i = 0; i < phnum && phoff + (u64)(i + 1) * phsize <= (u64)n; i++) {
            const u8 *ph = h + phoff + (u64)i * phsize;
            if (elf_uint(ph, 4, be) != 3) continue; /* PT_INTERP */
            u64 off = is64 ? elf_uint(ph + 8, 8, be) : elf_uint(ph + 4, 4, be);
            u64 len = is64 ? elf_uint(ph + 32, 8, be) : elf_uint(ph + 16, 4, be);
            if (len > 0 && off + len <= (u64)n && h[off + len - 1] == 0) interp = (const char *)h + off;
        }
        die(EXIT_EXEC, "cannot execute ", path, ": it needs the C library's dynamic loader ",
            interp ? interp : "(unreadable)", ", which this system lacks. An executable built with --libc=system ",
            "uses the target's C library; build with --libc=bundled (the default) to run without one");
    }
}

/* HERMIT_EMULATOR (docs/FORMAT.md "Running under an emulator"): execve(emu, [emu, path, ARG 1.., user args]), as
 * `go test -exec` runs a test binary. The program's argv[0] (ARG 0) is dropped: an emulator such as qemu-user gives
 * it the program's path; the runtime's loader sets the JVM's own with --argv0. The environment is passed on as it
 * is, HERMIT_EMULATOR included, so that an in-place launcher the program runs is emulated the same way. */
__attribute__((noreturn)) static void exec_emulated(const char *emu, char *path, char **vec, char **ev) {
    if (!memchr_(emu, '/', strlen(emu)))
        die(EXIT_EXEC, "HERMIT_EMULATOR=", emu, " is not a path; give the emulator's full path, e.g. ",
            "HERMIT_EMULATOR=$(command -v ", emu, ")");
    vec[0] = (char *)emu;
    vec[1] = path;
    process_restore();
    long r = sys_execve(emu, vec, ev);
    die(EXIT_EXEC, "cannot execute the emulator HERMIT_EMULATOR=", emu, ": ", errname(r),
        "; set HERMIT_EMULATOR to an emulator's full path, or unset it to run the program directly");
}

/* Whether the user database names a home for `uid`, as the JVM's getpwuid would find it: a line of /etc/passwd
 * "name:password:uid:gid:gecos:home:shell" for the uid with a home of two characters or more (Java takes a shorter
 * one for none). A file that cannot be read, or is larger than this reads, counts as naming one: then nothing changes. */
static int passwd_names_home(u32 uid) {
    enum { MAX = 4u << 20 };
    long fd = sys_openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC, 0);
    if (fd == -ENOENT || fd == -ENOTDIR) return 0;
    if (fd < 0) return 1;
    char *buf = xalloc(MAX + 1);
    size_t n = 0;
    long got = 1;
    while (n < MAX && (got = sys_read((int)fd, buf + n, MAX - n)) > 0) n += (size_t)got;
    sys_close((int)fd);
    int found = got < 0 || n == MAX;
    for (char *line = buf, *end = buf + n; !found && line < end;) {
        const char *nl = memchr_(line, '\n', (size_t)(end - line));
        char *e = nl ? (char *)nl : end, *f[7];
        int k = 1;
        f[0] = line;
        for (char *q = line; q < e && k < 7; q++)
            if (*q == ':') f[k++] = q + 1;
        if (k == 7) { /* f[2] the uid, f[5] the home (up to the ':' before f[6]) */
            u32 v = 0;
            char *q = f[2];
            while (*q >= '0' && *q <= '9' && v < 429496729u) v = v * 10 + (u32)(*q++ - '0');
            if (q > f[2] && *q == ':' && v == uid && f[6] - 1 - f[5] >= 2) found = 1;
        }
        line = e + 1;
    }
    xfree(buf, MAX + 1);
    return found;
}

/* The HOME record's option (docs/FORMAT.md "Manifest"): a Java whose user.home comes from the user database alone
 * (Java 17: "?" when getpwuid finds no home, as in an empty root or under an arbitrary uid, and "?" is a relative
 * path) gets -Duser.home=$HOME, as Java 21 and later do themselves. Nothing when the database names a home, when
 * HOME is unset or empty, or when JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS sets user.home: the command line would
 * override those. The effective uid stands for the real one: the launcher is never set-uid. */
static const char *home_option(char **envp) {
    const char *home = getenv_(envp, "HOME");
    if (!home || !*home) return NULL;
    if (env_sets(envp, "-Duser.home=", 12)) return NULL;
    if (passwd_names_home((u32)sys_geteuid())) return NULL;
    size_t n = strlen(home);
    char *opt = xalloc(n + 13);
    memcpy(opt, "-Duser.home=", 12);
    memcpy(opt + 12, home, n + 1);
    return opt;
}

/* An ARG "-Dname=${HERMIT_X}" (the whole value one template variable: java.io.tmpdir, user.language and
 * user.country, the defaults a JDK would derive from its machine) is the launcher's default, not the user's: it is
 * left out when JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS sets the property, and when it expands to nothing (a JDK
 * under C.UTF-8 has no user.country rather than an empty one). `v` is the record's value, `x` its expansion. */
static int default_left_out(const u8 *v, size_t n, const char *x, size_t xlen, char **envp) {
    const u8 *eq = n > 2 && v[0] == '-' && v[1] == 'D' ? memchr_(v, '=', n) : NULL;
    if (!eq) return 0;
    size_t name = (size_t)(eq - v) + 1, rest = n - name;
    int template = 0;
    for (int k = V_TMP; k < N_VARS; k++) /* not ${HERMIT_ROOT} or ${HERMIT_EXE}: hermit's own, never the JDK's */
        if (rest == strlen(NAMES[k]) && memcmp(eq + 1, NAMES[k], rest) == 0) template = 1;
    if (!template) return 0;
    if (xlen == name || env_sets(envp, x, name)) return 1;
    /* -Duser.language.format=...: also when the user sets user.language, for which the JDK then sets no format */
    static const char fmt[] = ".format=";
    char base[64];
    size_t f = sizeof fmt - 1;
    if (name < f + 3 || name - f + 1 > sizeof base || memcmp(x + name - f, fmt, f) != 0) return 0;
    memcpy(base, x, name - f);
    base[name - f] = '=';
    return env_sets(envp, base, name - f + 1);
}

/* The execve vectors: EXEC, the ARGs with `opt` in the CDS record's place and `home` (if not NULL) in the HOME
 * record's, then the user's arguments after argv[0] (none for `user` NULL); the environment plus the ENVs whose KEY it lacks. Returns the path.
 * One exception: when the manifest sets LOCPATH (a bundled C library's locale files: C.UTF-8 only) and the
 * environment does not, the manifest's LC_ALL replaces the environment's. The locale the environment names
 * (LC_ALL=en_US.UTF-8, as many container images set) is not among those files, and the C library would fall back to
 * ASCII: file names and output outside ASCII would fail. */
static char *vectors(const struct manifest *mf, struct vars *vs, const char *const *opt, int n_opt, const char *home,
                     char **user, char **envp, char ***avp, char ***evp) {
    const char *why;
    const u8 *q;
    struct rec r;
    size_t bytes = 0;
    int own_locale = 0;
    q = mf->m + 8;
    for (u32 i = 0; i < mf->count; i++) {
        q = next_rec(q, mf->end, &r, &why);
        if (r.tag == TAG_EXEC || r.tag == TAG_ARG || r.tag == TAG_ENV) bytes += expand(NULL, r.v, r.len, vs) + 1;
        if (r.tag == TAG_ENV && r.len >= 8 && memcmp(r.v, "LOCPATH=", 8) == 0) own_locale = !getenv_(envp, "LOCPATH");
    }

    int argc = 0, envc = 0;
    while (user && user[argc]) argc++;
    while (envp[envc]) envc++;
    size_t n_arg = mf->n_arg + (size_t)n_opt + (home != NULL), n_env = mf->n_env;
    size_t nptr = 1 + n_arg + (size_t)argc + 1 + (size_t)envc + n_env + 1; /* vec[0]: the emulator, if any */
    size_t size = nptr * sizeof(char *) + bytes;
    char **vec = xalloc(size);
    char **av = vec + 1, **ev = av + n_arg + (size_t)argc + 1, *s = (char *)(vec + nptr), *path = NULL;
    int na = 0, ne = 0;
    for (int i = 0; i < envc; i++) ev[ne++] = envp[i];
    q = mf->m + 8;
    for (u32 i = 0; i < mf->count; i++) {
        q = next_rec(q, mf->end, &r, &why);
        if (r.tag == TAG_CDS)
            for (int k = 0; k < n_opt; k++) av[na++] = (char *)opt[k];
        if (r.tag == TAG_HOME && home) av[na++] = (char *)home;
        if (r.tag != TAG_EXEC && r.tag != TAG_ARG && r.tag != TAG_ENV) continue;
        size_t len = expand(s, r.v, r.len, vs);
        if (r.tag == TAG_EXEC) path = s;
        else if (r.tag == TAG_ARG) {
            if (!default_left_out(r.v, r.len, s, len, envp)) av[na++] = s;
        }
        else {
            size_t k = (size_t)((const u8 *)memchr_(s, '=', len) - (const u8 *)s) + 1; /* "KEY=" */
            int j = 0;
            while (j < envc && memcmp(envp[j], s, k) != 0) j++;
            if (j == envc) ev[ne++] = s;
            else if (own_locale && k == 7 && memcmp(s, "LC_ALL=", 7) == 0) ev[j] = s; /* ev[j] is envp[j] */
        }
        s += len + 1;
    }
    for (int i = 1; i < argc; i++) av[na++] = user[i];
    av[na] = NULL;
    ev[ne] = NULL;
    *avp = av, *evp = ev; /* av[-1] is free for an emulator */
    return path;
}

void manifest_exec(const struct manifest *mf, const char *root, const char *exe, char **argv, char **envp) {
    struct vars vs = {{root, exe, NULL, NULL, NULL}, root, envp, mf->inplace != NULL};
    struct cds cds = {0};
    cds.listfd = -1;
    if (mf->cds && !mf->inplace) cds_prepare(&cds, root, envp);
    char **av, **ev;
    const char *home = mf->home ? home_option(envp) : NULL;
    char *path = vectors(mf, &vs, cds.opt, cds.n, home, argv, envp, &av, &ev);
    const char *emu = getenv_(envp, "HERMIT_EMULATOR");
    if (cds.listfd >= 0) { /* this run records the classes it loads; the dump runs the same JVM after it */
        char **dav, **dev;
        char *dpath = vectors(mf, &vs, cds.dump, 4, home, NULL, envp, &dav, &dev);
        if (emu && *emu) { /* through the emulator too, as exec_emulated runs the program: [emu, path, ARG 1..] */
            dav[-1] = (char *)emu, dav[0] = dpath;
            cds_spawn(&cds, emu, dav - 1, dev);
        } else {
            cds_spawn(&cds, dpath, dav, dev);
        }
    }
    if (emu && *emu) exec_emulated(emu, path, av - 1, ev);
    process_restore();
    long r2 = sys_execve(path, av, ev);
    if (r2 == -ENOENT) explain_missing_interpreter(path);
    if (r2 == -EACCES)
        die(EXIT_EXEC, "cannot execute ", path, ": permission denied (is the cache on a noexec mount?); set ",
            "HERMIT_CACHE_DIR to a directory that allows execution, or report it with the output of `hermit inspect`");
    if (r2 == -ENOEXEC) /* the kernel cannot run it: another architecture (e.g. under qemu-user without binfmt) */
        die(EXIT_EXEC, "cannot execute ", path, ": exec format error: this kernel does not run programs of the ",
            "output's platform (`hermit inspect` names it). Under an emulator such as qemu-user without binfmt_misc, ",
            "set HERMIT_EMULATOR to the emulator's full path; on a machine of the platform it runs directly");
    if (r2 == -E2BIG) /* the kernel's limit on arguments and environment together; the launcher adds about 1 KB */
        die(EXIT_EXEC, "cannot execute ", path, ": argument list too long: the arguments and the environment ",
            "together exceed the kernel's limit (the launcher adds about 1 KB of its own); pass fewer or shorter ",
            "arguments, e.g. a file that lists them");
    die(EXIT_EXEC, "cannot execute ", path, ": ", errname(r2), "; report it with the output of `hermit inspect`");
}
