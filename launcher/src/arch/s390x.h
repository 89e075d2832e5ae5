/* s390x (64-bit, big-endian): svc 0, number in r1, arguments in r2-r7, result in r2. Numbers from asm/unistd_64.h.
 * The kernel's structs (stat, linux_dirent64) are in host byte order; the payload is little-endian and is only
 * ever read byte-wise (hermit.h's le16/le32/le64). */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_read 3
#define NR_write 4
#define NR_close 6
#define NR_execve 11
#define NR_getpid 20
#define NR_kill 37
#define NR_umask 60
#define NR_mmap 90 /* old_mmap: one pointer to the six arguments, see arch_mmap */
#define NR_munmap 91
#define NR_fchmod 94
#define NR_utimensat 315
#define NR_fstat 108
#define NR_fstatfs 100
#define STATFS_FLAGS_OFF 64 /* asm/statfs.h (s390x): u32 type, bsize; 5 u64 counts; fsid; u32 namelen, frsize, flags */
#define NR_fsync 118
#define NR_syncfs 338
#define NR_flock 143
#define NR_getcwd 183
#define NR_geteuid 201 /* 32-bit uids; s390x has no 16-bit geteuid */
#define NR_getdents64 220
#define NR_exit_group 248
#define NR_clone 120 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 114
#define NR_prctl 172
#define NR_getppid 64
#define NR_sync_file_range 307
#define NR_setsid 66
#define NR_dup3 326
#define NR_setpriority 97
#define NR_fchdir 133
#define NR_rt_sigaction 174
#define ARCH_CLONE_STACK_FIRST /* clone(stack, flags, ...) */
#define NR_openat 288
#define NR_mkdirat 289
#define NR_fstatat 293 /* newfstatat */
#define NR_unlinkat 294
#define NR_rename 295 /* renameat; a fifth argument is ignored */
#define NR_symlinkat 297
#define NR_readlinkat 298
#define NR_faccessat 300

#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_LARGEFILE 0 /* implied on 64-bit */

/* struct stat (asm/stat.h, __s390x__) */
#define STAT_MODE_OFF 24
#define STAT_UID_OFF 28

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long r1 __asm__("r1") = n;
    register long r2 __asm__("r2") = a;
    register long r3 __asm__("r3") = b;
    register long r4 __asm__("r4") = c;
    register long r5 __asm__("r5") = d;
    register long r6 __asm__("r6") = e;
    register long r7 __asm__("r7") = f;
    __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7) : "memory");
    return r2;
}

/* mmap (90) is s390's old_mmap: its arguments are passed in memory. */
#define ARCH_MMAP
static inline long arch_mmap(long addr, long n, long prot, long flags, long fd) {
    long args[6] = {addr, n, prot, flags, fd, 0};
    return arch_syscall6(NR_mmap, (long)args, 0, 0, 0, 0, 0);
}

/* The ABI wants 160 bytes of register save area below the stack pointer of any caller, with a null back chain at
 * 0(%r15): align the kernel's stack, reserve them, then hermit_main(sp). */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,@function\n_start:\n"                                                 \
            "  lgr %r2, %r15\n  nill %r15, 0xfff0\n  aghi %r15, -160\n  lghi %r0, 0\n  stg %r0, 0(%r15)\n"              \
            "  brasl %r14, hermit_main\n  .word 0\n");

#endif
