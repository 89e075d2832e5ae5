/*
 * Checks hermit's C++ runtime (cxxrt/hermit++.c) as the host's loader loads it: cxxrt_check LIBHERMIT++.SO.
 * Built with the host's C compiler and C library (it is a shared object for glibc, not a freestanding program).
 * Prints one line per failure; exits 0 when all hold.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *lib;
static int failures;

static void expect(int ok, const char *what) {
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

static void *sym(const char *name, const char *version) {
    void *p = dlvsym(lib, name, version);
    if (!p) {
        printf("FAIL %s@%s is not exported\n", name, version);
        failures++;
    }
    return p;
}

static int (*acquire)(void *);
static void (*release)(void *);
static void (*guard_abort)(void *);

/* Static-initialisation race: of 8 threads, exactly one runs the initialiser, and no thread sees the guard
 * pass before the initialiser has finished. */
static unsigned long long guard;
static volatile int initialised, inits, early;
static pthread_barrier_t start;

static void *racer(void *arg) {
    pthread_barrier_wait(&start);
    if (acquire(&guard)) {
        __atomic_add_fetch(&inits, 1, __ATOMIC_SEQ_CST);
        struct timespec pause = {0, 2000000};
        nanosleep(&pause, 0);
        initialised = 1;
        release(&guard);
    } else if (!initialised) {
        __atomic_add_fetch(&early, 1, __ATOMIC_SEQ_CST);
    }
    return arg;
}

static int dtor_ran;
static void on_thread_exit(void *p) { dtor_ran = *(int *)p; }
static int token = 42;
static void *thread_with_dtor(void *arg) {
    int (*thread_atexit)(void (*)(void *), void *, void *) = arg;
    thread_atexit(on_thread_exit, &token, &token);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2 || !(lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL))) {
        printf("FAIL cannot load %s: %s\n", argc == 2 ? argv[1] : "(none)", dlerror());
        return 1;
    }
    /* only private names: nothing else in a process can bind to these */
    expect(!dlsym(lib, "__cxa_guard_acquire") && !dlsym(lib, "_Znwm") && !dlsym(lib, "_Znwj")
               && !dlsym(lib, "__gxx_personality_v0"),
           "libstdc++'s own names are not exported");

    acquire = sym("_Hcxa_guard_acquire", "CXXABI_1.3");
    release = sym("_Hcxa_guard_release", "CXXABI_1.3");
    guard_abort = sym("_Hcxa_guard_abort", "CXXABI_1.3");
    const char *sz = sizeof(size_t) == 8 ? "m" : "j";
    char name[64];
    snprintf(name, sizeof name, "_Hnw%s", sz);
    void *(*new_object)(size_t) = sym(name, "GLIBCXX_3.4");
    snprintf(name, sizeof name, "_HdlPv%s", sz);
    void (*delete_sized)(void *, size_t) = sym(name, "CXXABI_1.3.9");
    snprintf(name, sizeof name, "_Hna%sRKSt9nothrow_t", sz);
    void *(*new_array_nothrow)(size_t, const void *) = sym(name, "GLIBCXX_3.4");
    void (*delete_array)(void *) = sym("_HdaPv", "GLIBCXX_3.4");
    const char *nothrow = sym("_HSt7nothrow", "GLIBCXX_3.4");
    char *(*demangle)(const char *, char *, size_t *, int *) = sym("_Hcxa_demangle", "CXXABI_1.3");
    int (*personality)(int, int, unsigned long long, void *, void *) = sym("_Hgxx_personality_v0", "CXXABI_1.3");
    int (*thread_atexit)(void (*)(void *), void *, void *) = sym("_Hcxa_thread_atexit", "CXXABI_1.3.7");
    sym("_Haeabi_atexit", "CXXABI_ARM_1.3.3");
    sym("_Hcxa_pure_virtual", "CXXABI_1.3");
    sym("_Hcxa_end_cleanup", "CXXABI_1.3");
    sym("_HTVN10__cxxabiv117__class_type_infoE", "CXXABI_1.3");
    sym("_HTVN10__cxxabiv120__si_class_type_infoE", "CXXABI_1.3");
    if (failures) {
        return 1;
    }

    for (int round = 0; round < 50; round++) {
        guard = 0;
        initialised = inits = early = 0;
        pthread_t t[8];
        pthread_barrier_init(&start, 0, 8);
        for (int i = 0; i < 8; i++) {
            pthread_create(&t[i], 0, racer, 0);
        }
        for (int i = 0; i < 8; i++) {
            pthread_join(t[i], 0);
        }
        pthread_barrier_destroy(&start);
        if (inits != 1 || early != 0 || ((unsigned char *)&guard)[0] != 1) {
            printf("FAIL guard round %d: %d initialisers, %d threads passed early, done byte %d\n", round, inits,
                   early, ((unsigned char *)&guard)[0]);
            failures++;
            break;
        }
    }
    guard = 0;
    expect(acquire(&guard) == 1, "a fresh guard is acquired");
    guard_abort(&guard);
    expect(acquire(&guard) == 1, "an aborted initialisation is run again");
    release(&guard);
    expect(acquire(&guard) == 0, "a released guard is passed");

    char *p = new_object(100);
    memset(p, 7, 100);
    delete_sized(p, 100);
    char *q = new_array_nothrow(0, nothrow);
    expect(q != 0, "new[0] (nothrow) gives an object");
    delete_array(q);

    int status = 0;
    expect(demangle("_ZN2os5abortEbPvPKv", 0, 0, &status) == 0 && status == -2, "demangle says invalid name (-2)");
    expect(personality(1, 2, 0, 0, 0) == 8, "the personality routine continues unwinding");

    pthread_t t;
    pthread_create(&t, 0, thread_with_dtor, thread_atexit);
    pthread_join(t, 0);
    expect(dtor_ran == 42, "a thread_local destructor runs at the thread's exit");
    return failures ? 1 : 0;
}
