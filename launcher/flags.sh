# Compiler and linker flags shared by build.sh and test.sh (sourced). FIELD-NOTES §1: freestanding, static,
# no PIE, no unwind tables. -Os: on x86_64 a first run extracting an 82 MB tree (27 MB deflated) took 0.29 s with
# both -Os and -O2, and the binary is 21 KB instead of 33 KB.
CC="${CC:-clang}"
STRIP="${STRIP:-llvm-strip}"
CFLAGS=(-std=c11 -Os -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding -fno-builtin -fno-stack-protector
  -fno-pic -fno-pie -fno-asynchronous-unwind-tables -fno-unwind-tables -fomit-frame-pointer
  -ffunction-sections -fdata-sections -fno-strict-aliasing)
LDFLAGS=(-nostdlib -static -fuse-ld=lld -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack)
# The C++ runtime (cxxrt/hermit++.c) is a shared object the loader loads beside libjvm.so: position-independent, its
# exports those of cxxrt/hermit++.map, its few C library functions left for the loader to bind.
CXXRT_FLAGS=(-std=c11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding -fno-builtin -fno-stack-protector
  -fPIC -fvisibility=hidden -fno-asynchronous-unwind-tables -fno-unwind-tables -nostdlib -shared -fuse-ld=lld
  "-Wl,--version-script=$(dirname "${BASH_SOURCE[0]}")/cxxrt/hermit++.map" -Wl,-soname,libhermit++.so
  -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,now -Wl,--hash-style=both)

# Go/OCI target name ('/' -> '-'), clang triple, extra flags (given after CFLAGS and LDFLAGS, so they win).
# s390x: lld 14 cannot link it (FIELD-NOTES §1); -fuse-ld=bfd makes clang run TRIPLE-ld.bfd, GNU ld from the
# binutils-s390x-linux-gnu package. riscv64: -mno-relax, so that no linker
# turns accesses into gp-relative ones (lld 14 relaxes nothing, newer linkers may): _start does not set gp.
TARGETS=(
  "linux-amd64 x86_64-linux-gnu"
  "linux-arm64 aarch64-linux-gnu"
  "linux-arm-v7 armv7-linux-gnueabihf -mfloat-abi=hard -mfpu=vfpv3-d16"
  "linux-386 i686-linux-gnu"
  "linux-ppc64le powerpc64le-linux-gnu"
  "linux-s390x s390x-linux-gnu -fuse-ld=bfd"
  "linux-riscv64 riscv64-linux-gnu -mno-relax"
)

check_toolchain() {
  local tool t name triple extra
  for tool in "$CC" ld.lld "$STRIP"; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "hermit launcher: '$tool' not found; install the toolchain: apt-get install clang lld llvm" >&2
      exit 1
    }
  done
  for t in "${TARGETS[@]}"; do
    read -r name triple extra <<<"$t"
    case " $extra " in
      *" -fuse-ld=bfd "*)
        command -v "$triple-ld.bfd" >/dev/null 2>&1 || {
          echo "hermit launcher: '$triple-ld.bfd' not found (GNU ld for $name); install it: apt-get install binutils-$triple" >&2
          exit 1
        } ;;
    esac
  done
}
