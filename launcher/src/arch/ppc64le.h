/* ppc64le (ELFv2): sc, number in r0, arguments in r3-r8, result in r3; on failure cr0.SO is set and r3 holds the
 * positive errno. Numbers from asm/unistd_64.h. */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_read 3
#define NR_write 4
#define NR_close 6
#define NR_execve 11
#define NR_getpid 20
#define NR_kill 37
#define NR_geteuid 49
#define NR_umask 60
#define NR_mmap 90 /* offset in bytes; we only ever map at offset 0 */
#define NR_munmap 91
#define NR_fchmod 94
#define NR_utimensat 304
#define NR_fstat 108
#define NR_fstatfs 100
#define STATFS_FLAGS_OFF 80 /* struct statfs: 64-bit words; f_flags' low half (little-endian) */
#define NR_fsync 118
#define NR_syncfs 348
#define NR_flock 143
#define NR_getcwd 182
#define NR_getdents64 202
#define NR_exit_group 234
#define NR_clone 120 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 114
#define NR_prctl 171
#define NR_getppid 64
#define NR_sync_file_range 308 /* sync_file_range2(fd, flags, offset, nbytes) */
#define ARCH_SYNC_FILE_RANGE2
#define NR_setsid 66
#define NR_dup3 316
#define NR_setpriority 97
#define NR_fchdir 133
#define NR_rt_sigaction 173
#define NR_openat 286
#define NR_mkdirat 287
#define NR_fstatat 291 /* newfstatat */
#define NR_unlinkat 292
#define NR_rename 293 /* renameat; a fifth argument is ignored */
#define NR_symlinkat 295
#define NR_readlinkat 296
#define NR_faccessat 298

#define O_DIRECTORY 040000
#define O_NOFOLLOW 0100000
#define O_LARGEFILE 0 /* implied on 64-bit */

/* struct stat (asm/stat.h, __powerpc64__) */
#define STAT_MODE_OFF 24
#define STAT_UID_OFF 28

/* The kernel may change r0, r4-r12, cr0, ctr and xer. */
static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long r0 __asm__("r0") = n;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    register long r6 __asm__("r6") = d;
    register long r7 __asm__("r7") = e;
    register long r8 __asm__("r8") = f;
    __asm__ volatile("sc\n\tbns+ 1f\n\tneg %1, %1\n1:"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
                     :
                     : "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
    return r3;
}

/* Every global is reached through the TOC pointer r2, which the kernel does not set: derive it from our own address
 * (bl/mflr), then a 16-byte aligned stack with an empty 32-byte frame (null back chain) for hermit_main(sp). */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,@function\n_start:\n"                                                 \
            "  bl 1f\n1:\n  mflr 12\n  addis 2, 12, .TOC.-1b@ha\n  addi 2, 2, .TOC.-1b@l\n"                            \
            "  mr 3, 1\n  clrrdi 1, 1, 4\n  li 0, 0\n  stdu 0, -32(1)\n  bl hermit_main\n  nop\n  trap\n");

#endif
