/* Test program for HERMIT_EMULATOR (test.sh "emulator"): a static program of any arch that prints its argv, one
 * "argv[i]=..." line each, then the ECHO_ENV and HERMIT_EMULATOR variables ("-" when unset), then those ECHO_VARS
 * names (comma-separated). */
#include "../src/hermit.h"

ARCH_START

static void put(const char *a, const char *b, const char *c) {
    sys_write(1, a, strlen(a));
    sys_write(1, b, strlen(b));
    sys_write(1, c, strlen(c));
}

__attribute__((noreturn, used)) void hermit_main(long *sp) {
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
    for (int i = 0; i < argc; i++) {
        char n[24];
        *utoa_(n, (unsigned long)i) = 0;
        put("argv[", n, "]=");
        put(argv[i], "\n", "");
    }
    const char *v = getenv_(envp, "ECHO_ENV"), *e = getenv_(envp, "HERMIT_EMULATOR");
    put("ECHO_ENV=", v ? v : "-", "\n");
    put("HERMIT_EMULATOR=", e ? e : "-", "\n");
    for (const char *names = getenv_(envp, "ECHO_VARS"); names && *names;) { /* "A,B": A=value, B=- when unset */
        char name[64];
        size_t n = 0;
        while (*names && *names != ',' && n < sizeof name - 1) name[n++] = *names++;
        name[n] = 0;
        if (*names == ',') names++;
        const char *x = getenv_(envp, name);
        put(name, "=", x ? x : "-");
        put("\n", "", "");
    }
    sys_exit(0);
}
