/* 32-bit ARM EABI (armv7 hard-float): svc #0, number in r7, arguments in r0-r5. Build with -fomit-frame-pointer
 * so that Thumb code never needs r7 as its frame pointer. */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_exit_group 248
#define NR_read 3
#define NR_fsync 118
#define NR_syncfs 373
#define NR_flock 143
#define NR_umask 60
#define NR_write 4
#define NR_close 6
#define NR_execve 11
#define NR_getpid 20
#define NR_kill 37
#define NR_munmap 91
#define NR_fchmod 94
#define NR_utimensat 348
#define NR_getcwd 183
#define NR_mmap 192 /* mmap2: offset in pages; we only ever map at offset 0 */
#define NR_fstat 197 /* fstat64 */
#define NR_fstatfs64 267 /* fstatfs64(fd, 84, buf): fstatfs overflows on large disks */
#define STATFS64_SIZE 84 /* EABI packs struct statfs64 to 4-byte alignment */
#define STATFS_FLAGS_OFF 64 /* struct statfs64: u32 type, bsize; 5 u64 counts; fsid; u32 namelen, frsize, flags */
#define NR_geteuid 201 /* geteuid32: plain geteuid is 16-bit */
#define NR_getdents64 217
#define NR_clone 120 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 114
#define NR_prctl 172
#define NR_getppid 64
#define NR_sync_file_range 341 /* sync_file_range2(fd, flags, offset, nbytes) */
#define ARCH_SYNC_FILE_RANGE2
#define NR_setsid 66
#define NR_dup3 358
#define NR_setpriority 97
#define NR_fchdir 133
#define NR_rt_sigaction 174
#define NR_openat 322
#define NR_mkdirat 323
#define NR_fstatat 327 /* fstatat64 */
#define NR_unlinkat 328
#define NR_rename 329 /* renameat; a fifth argument is ignored */
#define NR_symlinkat 331
#define NR_faccessat 334
#define NR_readlinkat 332

#define O_DIRECTORY 040000
#define O_NOFOLLOW 0100000
#define O_LARGEFILE 0400000

/* struct stat64 */
#define STAT_MODE_OFF 16
#define STAT_UID_OFF 24

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long r7 __asm__("r7") = n;
    register long r0 __asm__("r0") = a;
    register long r1 __asm__("r1") = b;
    register long r2 __asm__("r2") = c;
    register long r3 __asm__("r3") = d;
    register long r4 __asm__("r4") = e;
    register long r5 __asm__("r5") = f;
    __asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5) : "memory");
    return r0;
}

/* AAPCS wants an 8-byte aligned stack at calls; the kernel gives at least that, align anyway. */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,%function\n.arm\n_start:\n"                                           \
            "  mov fp, #0\n  mov lr, #0\n  mov r0, sp\n  bic sp, sp, #7\n  bl hermit_main\n  udf #0\n");

#endif
