/* riscv64 (asm-generic numbers, the same as aarch64's): ecall, number in a7, arguments in a0-a5, result in a0.
 * No open/rename/stat: only the *at forms. O_* flags are asm-generic's (unlike aarch64's). */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_getcwd 17
#define NR_clone 220 /* only as fork: SIGCHLD, no new stack (cds.c) */
#define NR_wait4 260
#define NR_prctl 167
#define NR_getppid 173
#define NR_sync_file_range 84
#define NR_setsid 157
#define NR_dup3 24
#define NR_setpriority 140
#define NR_fchdir 50
#define NR_rt_sigaction 134
#define NR_flock 32
#define NR_mkdirat 34
#define NR_unlinkat 35
#define NR_symlinkat 36
#define NR_faccessat 48
#define NR_fchmod 52
#define NR_utimensat 88
#define NR_openat 56
#define NR_close 57
#define NR_getdents64 61
#define NR_read 63
#define NR_write 64
#define NR_readlinkat 78
#define NR_fstatat 79
#define NR_fstat 80
#define NR_fstatfs 44
#define STATFS_FLAGS_OFF 80 /* struct statfs: 64-bit words; f_flags' low half (little-endian) */
#define NR_fsync 82
#define NR_exit_group 94
#define NR_kill 129
#define NR_umask 166
#define NR_getpid 172
#define NR_geteuid 175
#define NR_munmap 215
#define NR_execve 221
#define NR_mmap 222
#define NR_syncfs 267
#define NR_rename 276 /* renameat2; we always pass flags 0 */

#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_LARGEFILE 0 /* implied on 64-bit */

/* asm-generic struct stat */
#define STAT_MODE_OFF 16
#define STAT_UID_OFF 24

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long a7 __asm__("a7") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5) : "memory");
    return a0;
}

/* The kernel leaves sp 16-byte aligned at argc. Built with -mno-relax (flags.sh), so no code addresses through gp
 * and _start need not set it. ebreak traps if hermit_main ever returns. */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,%function\n_start:\n"                                                 \
            "  li fp, 0\n  li ra, 0\n  mv a0, sp\n  call hermit_main\n  ebreak\n");

#endif
