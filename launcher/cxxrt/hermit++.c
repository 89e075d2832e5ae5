/*
 * libhermit++.so: the few pieces of the C++ runtime that the JDK's own libraries (libjvm.so, libjimage.so) take from
 * libstdc++.so.6 (2.2 MB, 0.7 MB packed), for a bundled C library (docs/HERMETIC.md "The C++ runtime").
 *
 * Every symbol here is exported under a private name: the second character of the libstdc++ name replaced by 'H'
 * (_Znwm -> _Hnwm, __cxa_guard_acquire -> _Hcxa_guard_acquire), with libstdc++'s symbol versions. The build rewrites
 * the JDK libraries' references the same way (dev.hermit.libc.CxxRuntime), in place, so only they bind here: an
 * app's C++ library loaded later binds to a real libstdc++ and never to these.
 *
 * What it does not do: throw (operator new ends the process when malloc fails, as an uncaught std::bad_alloc
 * would), catch (the personality routine finds no handler and runs no cleanup), or demangle (__cxa_demangle says
 * "invalid name", so a crash report shows the mangled C++ names of the JVM's native frames; c++filt reads them).
 *
 * Freestanding: no headers; malloc, free, abort, write, sched_yield, __cxa_atexit and __cxa_thread_atexit_impl come
 * from the C library already in the process (every one has a single symbol version, so unversioned references
 * bind to it).
 */

typedef __SIZE_TYPE__ size_t;

void *malloc(size_t);
void free(void *);
void abort(void) __attribute__((noreturn));
long write(int, const void *, size_t);
int sched_yield(void);
int __cxa_atexit(void (*)(void *), void *, void *);
int __cxa_thread_atexit_impl(void (*)(void *), void *, void *);

#define EXPORT __attribute__((visibility("default"), used))

/* operator new's and delete's mangled names differ by size_t: unsigned long (m) on 64-bit targets, unsigned int (j) */
#if __SIZEOF_SIZE_T__ == 8
#define SZ "m"
#else
#define SZ "j"
#endif

static size_t length(const char *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static void fatal(const char *what) __attribute__((noreturn));
static void fatal(const char *what) {
    static const char prefix[] = "libhermit++: ";
    write(2, prefix, sizeof prefix - 1);
    write(2, what, length(what));
    write(2, "\n", 1);
    abort();
}

/* operator new and new[]: libstdc++ throws std::bad_alloc, which in the JDK's libraries nothing catches. */
static void *allocate(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fatal("out of memory (operator new)");
    }
    return p;
}

EXPORT void *new_object(size_t n) __asm__("_Hnw" SZ);
void *new_object(size_t n) { return allocate(n); }
EXPORT void *new_array(size_t n) __asm__("_Hna" SZ);
void *new_array(size_t n) { return allocate(n); }
EXPORT void *new_object_nothrow(size_t n, const void *tag) __asm__("_Hnw" SZ "RKSt9nothrow_t");
void *new_object_nothrow(size_t n, const void *tag) { return malloc(n ? n : 1); }
EXPORT void *new_array_nothrow(size_t n, const void *tag) __asm__("_Hna" SZ "RKSt9nothrow_t");
void *new_array_nothrow(size_t n, const void *tag) { return malloc(n ? n : 1); }
EXPORT void delete_object(void *p) __asm__("_HdlPv");
void delete_object(void *p) { free(p); }
EXPORT void delete_array(void *p) __asm__("_HdaPv");
void delete_array(void *p) { free(p); }
EXPORT void delete_object_sized(void *p, size_t n) __asm__("_HdlPv" SZ);
void delete_object_sized(void *p, size_t n) { free(p); }
EXPORT void delete_array_sized(void *p, size_t n) __asm__("_HdaPv" SZ);
void delete_array_sized(void *p, size_t n) { free(p); }

/* std::nothrow: an empty object whose address is passed as a tag */
EXPORT const char nothrow_tag[1] __asm__("_HSt7nothrow") = {0};

/*
 * Guards of function-local statics (Itanium C++ ABI 3.3.2). The compiler's inline check reads the guard's first
 * byte (ARM EABI: bit 0 of a 32-bit guard, the same byte on little-endian ARM) and calls acquire while it is 0;
 * acquire returns 1 to the one thread that must run the initialiser, which then calls release (or abort if it
 * threw). Byte 0: done; byte 1: an initialiser is running. Waiting yields the CPU: an initialiser runs once and
 * briefly, so no futex is worth its per-arch system call numbers here.
 */
EXPORT int guard_acquire(void *guard) __asm__("_Hcxa_guard_acquire");
int guard_acquire(void *guard) {
    unsigned char *g = guard;
    for (;;) {
        if (__atomic_load_n(&g[0], __ATOMIC_ACQUIRE)) {
            return 0;
        }
        unsigned char idle = 0;
        if (__atomic_compare_exchange_n(&g[1], &idle, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            if (__atomic_load_n(&g[0], __ATOMIC_ACQUIRE)) { /* finished between the two reads */
                __atomic_store_n(&g[1], 0, __ATOMIC_RELEASE);
                return 0;
            }
            return 1;
        }
        sched_yield();
    }
}

EXPORT void guard_release(void *guard) __asm__("_Hcxa_guard_release");
void guard_release(void *guard) {
    unsigned char *g = guard;
    __atomic_store_n(&g[0], 1, __ATOMIC_RELEASE);
    __atomic_store_n(&g[1], 0, __ATOMIC_RELEASE);
}

EXPORT void guard_abort(void *guard) __asm__("_Hcxa_guard_abort");
void guard_abort(void *guard) {
    unsigned char *g = guard;
    __atomic_store_n(&g[1], 0, __ATOMIC_RELEASE);
}

EXPORT void pure_virtual(void) __asm__("_Hcxa_pure_virtual");
void pure_virtual(void) { fatal("pure virtual method called"); }

/* status -2: "not a valid mangled name"; HotSpot then prints the name as it is */
EXPORT char *demangle(const char *mangled, char *buf, size_t *len, int *status) __asm__("_Hcxa_demangle");
char *demangle(const char *mangled, char *buf, size_t *len, int *status) {
    if (status) {
        *status = -2;
    }
    return 0;
}

EXPORT int thread_atexit(void (*dtor)(void *), void *obj, void *dso) __asm__("_Hcxa_thread_atexit");
int thread_atexit(void (*dtor)(void *), void *obj, void *dso) { return __cxa_thread_atexit_impl(dtor, obj, dso); }

/* ARM EABI's atexit registration of static destructors, with __cxa_atexit's first two arguments swapped */
EXPORT int aeabi_atexit(void *obj, void (*dtor)(void *), void *dso) __asm__("_Haeabi_atexit");
int aeabi_atexit(void *obj, void (*dtor)(void *), void *dso) { return __cxa_atexit(dtor, obj, dso); }

/*
 * The personality routine of the JDK libraries' unwind tables: nothing there throws, so it is only reached by a
 * forced unwind (a thread cancelled inside them); answer "continue unwinding" (_URC_CONTINUE_UNWIND) with no
 * cleanup, rather than end the process.
 */
EXPORT int personality(int version, int actions, unsigned long long exception_class, void *exception, void *context)
    __asm__("_Hgxx_personality_v0");
int personality(int version, int actions, unsigned long long exception_class, void *exception, void *context) {
    return 8;
}

/* ARM EH: the end of a cleanup landing pad resumes unwinding; no cleanup runs here (see the personality above) */
EXPORT void end_cleanup(void) __asm__("_Hcxa_end_cleanup");
void end_cleanup(void) { fatal("C++ unwinding through the JDK's libraries: not in hermit's C++ runtime"); }

/*
 * The vtables of the type_info classes that the JDK libraries' own type_info objects point into (RTTI, used only by
 * dynamic_cast, typeid and catch, none of which reaches here): every virtual slot ends the process, loudly.
 */
static void rtti_used(void) { fatal("C++ RTTI used (dynamic_cast, typeid or catch): not in hermit's C++ runtime"); }
#define RTTI_VTABLE(name) \
    EXPORT void (*const name[16])(void) __asm__(#name) = {0, 0, rtti_used, rtti_used, rtti_used, rtti_used, \
        rtti_used, rtti_used, rtti_used, rtti_used, rtti_used, rtti_used, rtti_used, rtti_used, rtti_used, rtti_used}
RTTI_VTABLE(_HTVN10__cxxabiv117__class_type_infoE);
RTTI_VTABLE(_HTVN10__cxxabiv120__si_class_type_infoE);
RTTI_VTABLE(_HTVN10__cxxabiv121__vmi_class_type_infoE);
