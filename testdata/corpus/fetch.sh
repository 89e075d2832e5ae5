#!/usr/bin/env bash
# Fetches or builds the binary corpus that the hermit inspect tests compare against readelf/llvm-readobj.
# Output goes to testdata/cache/corpus (ignored by git). Idempotent: existing pieces are kept.
# Needs root for `dpkg --add-architecture` + `apt-get update` (skipped when the arches are already known).
# Usage: testdata/corpus/fetch.sh [DEST]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dest=${1:-$repo/testdata/cache/corpus}
arches=(arm64 armhf i386 ppc64el s390x)
pkgs=(coreutils busybox-static libc6)
# coreutils' own needs, so that a per-arch sysroot holds its whole closure (for the resolver tests)
libs=(libacl1 libattr1 libgmp10 libselinux1 libpcre2-8-0)
mkdir -p "$dest/deb" "$dest/elf" "$dest/pe" "$dest/macho"
# The corpus is downloaded and built, never committed: it ignores itself, whatever the repository's .gitignore says.
printf '*\n' >"$dest/.gitignore"

# --- foreign-arch Debian ELF -------------------------------------------------------------------------------
# The host's own arch (on an arm64 build machine, arm64) is known to dpkg already and is not a foreign one.
known=$(dpkg --print-foreign-architectures; dpkg --print-architecture)
need_update=0
for a in "${arches[@]}"; do
  if ! grep -qx "$a" <<<"$known"; then
    if [ "$(id -u)" != 0 ]; then
      echo "fetch.sh: architecture $a is not configured; run as root (dpkg --add-architecture $a; apt-get update)" >&2
      exit 1
    fi
    dpkg --add-architecture "$a"
    need_update=1
  fi
done
if [ "$need_update" = 1 ] || [ ! -e "$dest/deb/.updated" ]; then
  # A failing mirror (e.g. the security suite mid-sync) still leaves the main suite usable: carry on.
  apt-get update -qq || echo "fetch.sh: apt-get update reported errors; continuing with the indexes it got" >&2
  touch "$dest/deb/.updated"
fi
# One apt-get download for everything missing.
missing=()
for a in "${arches[@]}"; do
  for p in "${pkgs[@]}" "${libs[@]}"; do
    ls "$dest/deb/${p}_"*"_$a.deb" >/dev/null 2>&1 || missing+=("$p:$a")
  done
done
# a library Debian installs through update-alternatives (its postinst makes the loader's name for it): the SDK's
# unpacking makes those links itself (DebArchiveTest)
ls "$dest/deb/libblas3_"*"_arm64.deb" >/dev/null 2>&1 || missing+=("libblas3:arm64")
if [ "${#missing[@]}" -gt 0 ]; then
  # a package cache file that outlives the call (this kind of machine configures apt without one); the tests'
  # own apt-get calls use the same file (cli's Proc.APT_GET)
  mkdir -p "$repo/testdata/cache"
  (cd "$dest/deb" && apt-get -o Dir::Cache::pkgcache="$repo/testdata/cache/apt-pkgcache.bin" download -qq "${missing[@]}")
fi
for a in "${arches[@]}"; do
  for p in "${pkgs[@]}"; do
    if [ ! -d "$dest/elf/$a/$p" ]; then
      # into a scratch directory first: a failed extraction (a full disk) must not leave a tree the next run keeps
      rm -rf "$dest/elf/$a/$p.part"
      mkdir -p "$dest/elf/$a/$p.part"
      dpkg-deb -x "$dest/deb/${p}_"*"_$a.deb" "$dest/elf/$a/$p.part"
      mv "$dest/elf/$a/$p.part" "$dest/elf/$a/$p"
    fi
  done
done

# A sysroot per arch: every package above extracted into one tree, as it would be installed.
for a in "${arches[@]}"; do
  [ -e "$dest/sysroot/$a/.done" ] && continue
  mkdir -p "$dest/sysroot/$a"
  for p in "${pkgs[@]}" "${libs[@]}"; do
    dpkg-deb -x "$dest/deb/${p}_"*"_$a.deb" "$dest/sysroot/$a"
  done
  # What libc-bin would install: the ld.so.conf that includes libc6's multiarch conf, and a cache. ldconfig on
  # the host writes a valid cache without the foreign libraries; without one, qemu -L would hand the foreign
  # loader the host's /etc/ld.so.cache (the resolver tests compare against that loader).
  printf 'include /etc/ld.so.conf.d/*.conf\n' >"$dest/sysroot/$a/etc/ld.so.conf"
  ldconfig -r "$dest/sysroot/$a" 2>/dev/null || : >"$dest/sysroot/$a/etc/ld.so.cache"
  touch "$dest/sysroot/$a/.done"
done

# --- PE and Mach-O, built here with clang/lld (FIELD-NOTES §1) ------------------------------------------------
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cat >"$src/kernel32.def" <<'DEF'
LIBRARY kernel32.dll
EXPORTS
ExitProcess
GetStdHandle
WriteFile
DEF
cat >"$src/user32.def" <<'DEF'
LIBRARY user32.dll
EXPORTS
MessageBoxA
DEF
cat >"$src/hello.c" <<'C'
__declspec(dllimport) void *__stdcall GetStdHandle(unsigned long);
__declspec(dllimport) int __stdcall WriteFile(void *, const void *, unsigned long, unsigned long *, void *);
__declspec(dllimport) void __stdcall ExitProcess(unsigned int);
#ifdef DELAY
void *__delayLoadHelper2(const void *descriptor, void **slot) { (void)descriptor; return *slot; }
#endif
#ifdef WITH_USER32
__declspec(dllimport) int __stdcall MessageBoxA(void *, const char *, const char *, unsigned int);
#endif
void start(void) {
  unsigned long n;
  WriteFile(GetStdHandle((unsigned long)-11), "hi\n", 3, &n, 0);
#ifdef WITH_USER32
  MessageBoxA(0, "hi", "hi", 0);
#endif
  ExitProcess(0);
}
C
pe() { # name machine triple extra-cflags...
  local name=$1 mach=$2 triple=$3; shift 3
  [ -e "$dest/pe/$name.exe" ] && return 0
  if [ "$mach" = i386 ]; then # __stdcall names are decorated with the argument bytes; -k drops them in the DLL
    sed -e 's/^ExitProcess$/&@4/;s/^GetStdHandle$/&@4/;s/^WriteFile$/&@20/' "$src/kernel32.def" >"$src/k386.def"
    sed -e 's/^MessageBoxA$/&@16/' "$src/user32.def" >"$src/u386.def"
    llvm-dlltool -m i386 -k -d "$src/k386.def" -l "$src/kernel32-$mach.lib"
    llvm-dlltool -m i386 -k -d "$src/u386.def" -l "$src/user32-$mach.lib"
  else
    llvm-dlltool -m "$mach" -d "$src/kernel32.def" -l "$src/kernel32-$mach.lib"
    llvm-dlltool -m "$mach" -d "$src/user32.def" -l "$src/user32-$mach.lib"
  fi
  clang --target="$triple" -nostdlib -fuse-ld=lld -O1 "$@" "$src/hello.c" \
    "$src/kernel32-$mach.lib" "$src/user32-$mach.lib" \
    -Wl,-entry:start -Wl,-subsystem:console -o "$dest/pe/$name.exe"
}
pe hello-amd64 i386:x86-64 x86_64-pc-windows-msvc
pe hello-amd64-user32 i386:x86-64 x86_64-pc-windows-msvc -DWITH_USER32
pe hello-arm64 arm64 aarch64-pc-windows-msvc
pe hello-386 i386 i686-pc-windows-msvc -DWITH_USER32
pe hello-amd64-delay i386:x86-64 x86_64-pc-windows-msvc -DWITH_USER32 -DDELAY -Wl,-delayload:user32.dll

cat >"$src/libSystem.tbd" <<'TBD'
--- !tapi-tbd
tbd-version: 4
targets: [ x86_64-macos, arm64-macos ]
install-name: '/usr/lib/libSystem.B.dylib'
current-version: 1311
exports:
  - targets: [ x86_64-macos, arm64-macos ]
    symbols: [ _write, _exit, dyld_stub_binder ]
...
TBD
cat >"$src/main.c" <<'C'
long write(int, const void *, unsigned long);
void exit(int);
int main(void) { write(1, "hi\n", 3); exit(0); }
C
macho() { # name arch extra-ldflags...
  local name=$1 arch=$2; shift 2
  [ -e "$dest/macho/$name" ] && return 0
  clang --target="$arch-apple-macos11" -fuse-ld=lld -nostdlib "$src/main.c" "$src/libSystem.tbd" \
    -Wl,-platform_version,macos,11.0,11.0 "$@" -o "$dest/macho/$name"
}
macho hello-arm64 arm64 -Wl,-rpath,@loader_path/../lib
macho hello-x86_64 x86_64 -Wl,-adhoc_codesign
if [ ! -e "$dest/macho/hello-universal" ]; then
  lipo_bin=$(command -v llvm-lipo || ls /usr/lib/llvm-*/bin/llvm-lipo 2>/dev/null | tail -1)
  "$lipo_bin" -create "$dest/macho/hello-arm64" "$dest/macho/hello-x86_64" -output "$dest/macho/hello-universal" \
    || echo "fetch.sh: no llvm-lipo; no universal Mach-O in the corpus" >&2
fi

# --- Go-built ELF, PE and Mach-O: esbuild's platform packages from the npm registry --------------------------------
# Go writes its own ELF (static, no libc) for machines Debian's corpus lacks (riscv64, loong64, mips64el) and for
# other OSes (FreeBSD, NetBSD, OpenBSD OS ABIs), and its own PE and Mach-O. Optional: skipped when npm is absent.
esbuild_version=0.24.0
platforms=(win32-x64 win32-arm64 win32-ia32 darwin-arm64 darwin-x64 linux-x64 linux-arm64 linux-arm linux-ia32
  linux-ppc64 linux-s390x linux-riscv64 linux-loong64 linux-mips64el freebsd-x64 netbsd-x64 openbsd-arm64)
untar() { # TGZ MEMBER OUT: one member, written whole or not at all
  [ -e "$3" ] && return 0
  tar -xzOf "$1" "$2" >"$3.part" && mv "$3.part" "$3" || { rm -f "$3.part"; return 1; }
}
if command -v npm >/dev/null 2>&1; then
  mkdir -p "$dest/npm"
  wanted=()
  for p in "${platforms[@]}"; do
    [ -e "$dest/npm/esbuild-$p-$esbuild_version.tgz" ] || wanted+=("@esbuild/$p@$esbuild_version")
  done
  if [ "${#wanted[@]}" -gt 0 ]; then
    # packed in a scratch directory and moved in whole: a cut-off download is never kept as a package
    rm -rf "$dest/npm/.part" && mkdir "$dest/npm/.part"
    if (cd "$dest/npm/.part" && npm pack --silent "${wanted[@]}" >/dev/null); then
      mv "$dest/npm/.part/"*.tgz "$dest/npm/"
    else
      echo "fetch.sh: npm pack failed (offline?); continuing without some Go-built files" >&2
    fi
    rm -rf "$dest/npm/.part"
  fi
  for p in "${platforms[@]}"; do
    tgz="$dest/npm/esbuild-$p-$esbuild_version.tgz"
    [ -e "$tgz" ] || continue
    case $p in
      win32-*) untar "$tgz" package/esbuild.exe "$dest/pe/esbuild-$p.exe" ;;
      darwin-*) untar "$tgz" package/bin/esbuild "$dest/macho/esbuild-$p" ;;
      *) mkdir -p "$dest/elf/go" && untar "$tgz" package/bin/esbuild "$dest/elf/go/esbuild-$p" ;;
    esac
  done
fi
echo "corpus ready in $dest"
find "$dest/elf" "$dest/sysroot" "$dest/pe" "$dest/macho" -type f | wc -l | sed 's/^/files: /'
