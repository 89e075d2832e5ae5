/* i386 (i686): int $0x80, number in eax, arguments in ebx ecx edx esi edi ebp. Numbers from asm/unistd_32.h.
 * 32-bit: fstat64/fstatat64 (struct stat64, st_size at offset 44), mmap2, geteuid32, O_LARGEFILE on every open. */
#ifndef HERMIT_ARCH_H
#define HERMIT_ARCH_H

#define NR_read 3
#define NR_write 4
#define NR_close 6
#define NR_execve 11
#define NR_getpid 20
#define NR_kill 37
#define NR_umask 60
#define NR_munmap 91
#define NR_fchmod 94
#define NR_utimensat 320
#define NR_fsync 118
#define NR_syncfs 344
#define NR_flock 143
#define NR_getcwd 183
#define NR_mmap 192 /* mmap2: offset in pages; we only ever map at offset 0 (90 is old_mmap, a struct pointer) */
#define NR_fstat 197 /* fstat64 */
#define NR_fstatfs64 269 /* fstatfs64(fd, 84, buf): fstatfs overflows on large disks */
#define STATFS64_SIZE 84
#define STATFS_FLAGS_OFF 64 /* struct statfs64: u32 type, bsize; 5 u64 counts; fsid; u32 namelen, frsize, flags */
#define NR_geteuid 201 /* geteuid32: plain geteuid is 16-bit */
#define NR_getdents64 220
#define NR_exit_group 252
#define NR_clone 120 /* only as fork: SIGCHLD, no new stack */
#define NR_wait4 114
#define NR_prctl 172
#define NR_getppid 64
#define NR_sync_file_range 314 /* 64-bit offset and length as register pairs */
#define ARCH_SYNC_FILE_RANGE_PAIRS
#define NR_setsid 66
#define NR_dup3 330
#define NR_setpriority 97
#define NR_fchdir 133
#define NR_rt_sigaction 174
#define NR_openat 295
#define NR_mkdirat 296
#define NR_fstatat 300 /* fstatat64 */
#define NR_unlinkat 301
#define NR_rename 302 /* renameat; a fifth argument is ignored */
#define NR_symlinkat 304
#define NR_readlinkat 305
#define NR_faccessat 307

#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_LARGEFILE 0100000

/* struct stat64 (asm/stat.h): st_size is 4-aligned here, not at 48 */
#define STAT_MODE_OFF 16
#define STAT_UID_OFF 24
#define STAT_SIZE_OFF 44

/* ebp carries the sixth argument but may not be named as an operand: it is pushed, loaded from the copy of `f`
 * pushed just before it, and restored. Built -fno-pic, so ebx is free for the first argument. */
static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f) {
    __asm__ volatile("pushl %[f]\n\tpushl %%ebp\n\tmovl 4(%%esp), %%ebp\n\tint $0x80\n\tpopl %%ebp\n\taddl $4, %%esp"
                     : "+a"(n)
                     : "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), [f] "g"(f)
                     : "memory");
    return n;
}

/* The kernel enters with %esp -> argc; hermit_main(sp) takes it on the stack, which is 16-byte aligned at the call. */
#define ARCH_START                                                                                                     \
    __asm__(".text\n.global _start\n.type _start,@function\n_start:\n"                                                 \
            "  xorl %ebp, %ebp\n  movl %esp, %eax\n  andl $-16, %esp\n  subl $12, %esp\n  pushl %eax\n"                \
            "  call hermit_main\n  hlt\n");

#endif
