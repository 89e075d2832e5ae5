/* x86_64: syscall instruction, register convention, _start, syscall numbers, the few ABI facts that differ. */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_read 0
#define NR_fsync 74
#define NR_syncfs 306
#define NR_flock 73
#define NR_umask 95
#define NR_write 1
#define NR_close 3
#define NR_fstat 5
#define NR_fstatfs 138
#define STATFS_FLAGS_OFF 80 /* struct statfs: 64-bit words; f_flags' low half (little-endian) */
#define NR_mmap 9 /* offset in bytes; we only ever map at offset 0 */
#define NR_munmap 11
#define NR_getpid 39
#define NR_execve 59
#define NR_kill 62
#define NR_getcwd 79
#define NR_fchmod 91
#define NR_utimensat 280
#define NR_geteuid 107
#define NR_getdents64 217
#define NR_exit_group 231
#define NR_clone 56 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 61
#define NR_prctl 157
#define NR_getppid 110
#define NR_sync_file_range 277
#define NR_setsid 112
#define NR_dup3 292
#define NR_setpriority 141
#define NR_fchdir 81
#define NR_rt_sigaction 13
#define NR_openat 257
#define NR_mkdirat 258
#define NR_fstatat 262 /* newfstatat */
#define NR_unlinkat 263
#define NR_rename 264 /* renameat; a fifth argument is ignored */
#define NR_symlinkat 266
#define NR_faccessat 269
#define NR_readlinkat 267

#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_LARGEFILE 0

/* struct stat (asm/stat.h): offsets of the fields we read (st_size: 48, sys.h's default). */
#define STAT_MODE_OFF 24
#define STAT_UID_OFF 28

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long rax __asm__("rax") = n;
    register long rdi __asm__("rdi") = a;
    register long rsi __asm__("rsi") = b;
    register long rdx __asm__("rdx") = c;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "+r"(rax)
                     : "r"(rdi), "r"(rsi), "r"(rdx), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return rax;
}

/* The kernel enters with %rsp -> argc; hermit_main(sp) never returns. */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,@function\n_start:\n"                                                 \
            "  xor %ebp, %ebp\n  mov %rsp, %rdi\n  and $-16, %rsp\n  call hermit_main\n  hlt\n");

#endif
