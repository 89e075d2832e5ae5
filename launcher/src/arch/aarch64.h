/* aarch64 (asm-generic numbers): svc #0, number in x8, arguments in x0-x5. No open/rename/stat: only the *at forms. */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_getcwd 17
#define NR_mkdirat 34
#define NR_unlinkat 35
#define NR_symlinkat 36
#define NR_fchmod 52
#define NR_utimensat 88
#define NR_clone 220 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 260
#define NR_prctl 167
#define NR_getppid 173
#define NR_sync_file_range 84
#define NR_setsid 157
#define NR_dup3 24
#define NR_setpriority 140
#define NR_fchdir 50
#define NR_rt_sigaction 134
#define NR_openat 56
#define NR_close 57
#define NR_getdents64 61
#define NR_read 63
#define NR_fsync 82
#define NR_syncfs 267
#define NR_flock 32
#define NR_umask 166
#define NR_write 64
#define NR_faccessat 48
#define NR_readlinkat 78
#define NR_fstatat 79
#define NR_fstat 80
#define NR_fstatfs 44
#define STATFS_FLAGS_OFF 80 /* struct statfs: 64-bit words; f_flags' low half (little-endian) */
#define NR_exit_group 94
#define NR_kill 129
#define NR_getpid 172
#define NR_geteuid 175
#define NR_munmap 215
#define NR_execve 221
#define NR_mmap 222
#define NR_rename 276 /* renameat2; we always pass flags 0 */

#define O_DIRECTORY 040000
#define O_NOFOLLOW 0100000
#define O_LARGEFILE 0

/* asm-generic struct stat */
#define STAT_MODE_OFF 16
#define STAT_UID_OFF 24

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}

#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,%function\n_start:\n"                                                 \
            "  mov x29, #0\n  mov x30, #0\n  mov x0, sp\n  bl hermit_main\n  brk #0\n");

#endif
