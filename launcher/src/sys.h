/* Linux system calls for the launcher: the one place that picks the architecture header.
 * Every sys_* returns the kernel's result: >= 0 on success, -errno on failure. */
#ifndef HERMIT_SYS_H
#define HERMIT_SYS_H

#if defined(__x86_64__)
#include "arch/x86_64.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#elif defined(__arm__)
#include "arch/arm.h"
#elif defined(__i386__)
#include "arch/i386.h"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#include "arch/ppc64le.h"
#elif defined(__s390x__)
#include "arch/s390x.h"
#elif defined(__riscv) && __riscv_xlen == 64
#include "arch/riscv64.h"
#else
#error "hermit launcher: unsupported architecture (add launcher/src/arch/<arch>.h)"
#endif

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long size_t;
typedef long ssize_t;

#define NULL ((void *)0)

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000

#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_CLOEXEC 02000000
#define O_PATH 010000000 /* the same on every arch hermit supports */

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 1
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20

#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000

#define X_OK 1
#define F_OK 0
#define W_OK 2

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4

#define DT_UNKNOWN 0
#define DT_DIR 4

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ENOMEM 12
#define EACCES 13
#define EEXIST 17
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define EMFILE 24
#define EFBIG 27
#define ENOSPC 28
#define EROFS 30
#define ENAMETOOLONG 36
#define ENOTEMPTY 39
#define ELOOP 40
#define EDQUOT 122

#define SYS_IS_ERR(r) ((unsigned long)(r) > (unsigned long)-4096L)

#define SC(n, a, b, c, d, e, f) arch_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* The fields of struct stat we use; filled from the arch's layout. */
struct hstat {
    u64 size;
    u32 mode;
    u32 uid;
};

static inline long sys_read(int fd, void *buf, size_t n) { return SC(NR_read, fd, buf, n, 0, 0, 0); }
static inline long sys_write(int fd, const void *buf, size_t n) { return SC(NR_write, fd, buf, n, 0, 0, 0); }
static inline long sys_openat(int dfd, const char *path, int flags, int mode) {
    return SC(NR_openat, dfd, path, flags | O_LARGEFILE, mode, 0, 0);
}
static inline long sys_close(int fd) { return SC(NR_close, fd, 0, 0, 0, 0, 0); }
static inline long sys_mkdirat(int dfd, const char *path, int mode) { return SC(NR_mkdirat, dfd, path, mode, 0, 0, 0); }
static inline long sys_symlinkat(const char *target, int dfd, const char *path) {
    return SC(NR_symlinkat, target, dfd, path, 0, 0, 0);
}
static inline long sys_unlinkat(int dfd, const char *path, int flags) {
    return SC(NR_unlinkat, dfd, path, flags, 0, 0, 0);
}
static inline long sys_renameat(int odfd, const char *oldp, int ndfd, const char *newp) {
    return SC(NR_rename, odfd, oldp, ndfd, newp, 0, 0);
}
static inline long sys_readlinkat(int dfd, const char *path, char *buf, size_t n) {
    return SC(NR_readlinkat, dfd, path, buf, n, 0, 0);
}
static inline long sys_fchmod(int fd, int mode) { return SC(NR_fchmod, fd, mode, 0, 0, 0, 0); }
/* Sets an open file's modification time (seconds) and leaves its access time; utimensat(fd, NULL, ...) is
 * futimens. The 32-bit arches' timespec has a 32-bit tv_sec: the manifest's MTIME is below 2^31 (docs/FORMAT.md). */
static inline long sys_futimens_mtime(int fd, long seconds) {
    long ts[4] = {0, (1L << 30) - 2 /* UTIME_OMIT */, seconds, 0};
    return SC(NR_utimensat, fd, 0, ts, 0, 0, 0);
}
static inline long sys_fsync(int fd) { return SC(NR_fsync, fd, 0, 0, 0, 0, 0); }
static inline long sys_syncfs(int fd) { return SC(NR_syncfs, fd, 0, 0, 0, 0, 0); }
static inline long sys_flock(int fd, int op) { return SC(NR_flock, fd, op, 0, 0, 0, 0); }
static inline long sys_umask(int mask) { return SC(NR_umask, mask, 0, 0, 0, 0, 0); }
static inline long sys_getdents64(int fd, void *buf, size_t n) { return SC(NR_getdents64, fd, buf, n, 0, 0, 0); }
static inline long sys_faccessat(int dfd, const char *path, int mode) {
    return SC(NR_faccessat, dfd, path, mode, 0, 0, 0);
}
static inline long sys_getcwd(char *buf, size_t n) { return SC(NR_getcwd, buf, n, 0, 0, 0, 0); }
static inline long sys_getpid(void) { return SC(NR_getpid, 0, 0, 0, 0, 0, 0); }
static inline long sys_geteuid(void) { return SC(NR_geteuid, 0, 0, 0, 0, 0, 0); }
static inline long sys_kill(long pid, int sig) { return SC(NR_kill, pid, sig, 0, 0, 0, 0); }
/* rt_sigaction with the kernel's struct sigaction, whose first member is the handler on every arch we build for (the
 * rest, flags, restorer and mask, in an order that differs, stay as given: zero, or what the kernel returned). */
#define SIGXFSZ 25
#define KSIGACTION_LONGS 6 /* covers the largest layout: 32-bit's handler, flags, restorer and 64-bit mask */
static inline long sys_rt_sigaction(int sig, const long *act, long *old) {
    return SC(NR_rt_sigaction, sig, act, old, 8, 0, 0); /* sigsetsize: 64 signals */
}
static inline long sys_execve(const char *path, char *const *argv, char *const *envp) {
    return SC(NR_execve, path, argv, envp, 0, 0, 0);
}
#ifdef NR_clone /* what the class-data-sharing helper needs (cds.c); an arch header without them turns it off */
#define HAVE_FORK 1
#define SIGCHLD 17
static inline long sys_fork(void) {
#ifdef ARCH_CLONE_STACK_FIRST
    return SC(NR_clone, 0, SIGCHLD, 0, 0, 0, 0);
#else
    return SC(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
#endif
}
static inline long sys_wait4(long pid, int *status) { return SC(NR_wait4, pid, status, 0, 0, 0, 0); }
#define SIGKILL 9
static inline long sys_setsid(void) { return SC(NR_setsid, 0, 0, 0, 0, 0, 0); }
static inline long sys_dup3(int old, int nfd) { return SC(NR_dup3, old, nfd, 0, 0, 0, 0); }
static inline long sys_nice10(void) { return SC(NR_setpriority, 0, 0, 10, 0, 0, 0); } /* PRIO_PROCESS, self */
static inline long sys_fchdir(int fd) { return SC(NR_fchdir, fd, 0, 0, 0, 0, 0); }
#endif
/* Starts writing a file's dirty pages to disk without waiting (sync_file_range SYNC_FILE_RANGE_WRITE over the
 * whole file): the extraction's syncfs then has less left to wait for. Offset and length are 0 (to the end), so
 * the 64-bit halves of 32-bit arches are zeros whatever their order. */
static inline void sys_start_writeback(int fd) {
#if defined(ARCH_SYNC_FILE_RANGE2)
    SC(NR_sync_file_range, fd, 2, 0, 0, 0, 0);
#elif defined(ARCH_SYNC_FILE_RANGE_PAIRS)
    SC(NR_sync_file_range, fd, 0, 0, 0, 0, 2);
#else
    SC(NR_sync_file_range, fd, 0, 0, 2, 0, 0);
#endif
}
#ifndef ARCH_MMAP /* an arch whose mmap does not take its arguments in registers defines arch_mmap */
static inline long arch_mmap(long addr, long n, long prot, long flags, long fd) {
    return SC(NR_mmap, addr, n, prot, flags, fd, 0); /* offset 0 (bytes or, for mmap2, pages) */
}
#endif
static inline void *sys_mmap_anon(size_t n) {
    return (void *)arch_mmap(0, (long)n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
}
static inline void *sys_mmap_shared(size_t n) { /* anonymous, shared with children forked after */
    return (void *)arch_mmap(0, (long)n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1);
}
static inline void *sys_mmap_file(int fd, size_t n) { return (void *)arch_mmap(0, (long)n, PROT_READ, MAP_PRIVATE, fd); }
static inline long sys_munmap(void *p, size_t n) { return SC(NR_munmap, p, n, 0, 0, 0, 0); }
__attribute__((noreturn)) static inline void sys_exit(int code) {
    for (;;) SC(NR_exit_group, code, 0, 0, 0, 0, 0);
}
#ifdef HAVE_FORK
/* A child that works for this process dies with it (PR_SET_PDEATHSIG): no orphan keeps writing or hashing. */
static inline void sys_die_with_parent(long parent) {
    SC(NR_prctl, 1, SIGKILL, 0, 0, 0, 0);
    if (SC(NR_getppid, 0, 0, 0, 0, 0, 0) != parent) sys_exit(0); /* it died before the prctl */
}
#endif

#ifndef STAT_SIZE_OFF
#define STAT_SIZE_OFF 48
#endif

/* struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[]; host byte order */
#define DIRENT_TYPE_OFF 18
#define DIRENT_NAME_OFF 19
static inline u16 dirent_reclen(const u8 *d) {
    u16 v;
    __builtin_memcpy(&v, d + 16, 2);
    return v;
}

/* stat through the arch's struct layout (host byte order, maybe unaligned); the buffer fits every layout. */
static inline void hstat_from(struct hstat *st, const u8 *b) {
    __builtin_memcpy(&st->size, b + STAT_SIZE_OFF, 8);
    __builtin_memcpy(&st->mode, b + STAT_MODE_OFF, 4);
    __builtin_memcpy(&st->uid, b + STAT_UID_OFF, 4);
}
static inline long sys_fstat(int fd, struct hstat *st) {
    u64 b[32];
    long r = SC(NR_fstat, fd, b, 0, 0, 0, 0);
    if (r == 0) hstat_from(st, (const u8 *)b);
    return r;
}
/* True when fd's file system is mounted noexec (statfs f_flags ST_NOEXEC): no program can run from it. */
#define ST_NOEXEC 8
static inline int sys_on_noexec(int fd) {
    u64 b[16]; /* fits struct statfs (120 bytes) and statfs64 (84) */
#ifdef NR_fstatfs64
    long r = SC(NR_fstatfs64, fd, STATFS64_SIZE, b, 0, 0, 0);
#else
    long r = SC(NR_fstatfs, fd, b, 0, 0, 0, 0);
#endif
    u32 flags;
    __builtin_memcpy(&flags, (const u8 *)b + STATFS_FLAGS_OFF, 4);
    return r == 0 && (flags & ST_NOEXEC);
}
static inline long sys_fstatat(int dfd, const char *path, struct hstat *st, int flags) {
    u64 b[32];
    long r = SC(NR_fstatat, dfd, path, b, flags, 0, 0);
    if (r == 0) hstat_from(st, (const u8 *)b);
    return r;
}

#endif
