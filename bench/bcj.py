#!/usr/bin/env python3
"""How much an x86 branch filter (BCJ) would shrink an x86-64 ELF under zstd: a size estimate for issue 10.

Usage: bench/bcj.py FILE [LEVEL]   (zstd CLI on PATH; LEVEL defaults to 9, the payload's)

Relative CALL/JMP targets (E8/E9 rel32) in .text become absolute, so that calls to one function, made from many
places, are the same bytes and compress as repeats; a launcher would undo it after decoding. Only the estimate: the
transform is not reversible as written (no escape for ambiguous bytes), which a real one needs.
"""
import struct
import subprocess
import sys


def text_range(data):
    """The file offsets of .text, from the section headers of a 64-bit little-endian ELF."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    strtab_off, = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)
    for i in range(shnum):
        h = shoff + i * shentsize
        name, = struct.unpack_from("<I", data, h)
        end = data.index(b"\0", strtab_off + name)
        if data[strtab_off + name:end] == b".text":
            off, size = struct.unpack_from("<QQ", data, h + 0x18)
            return off, off + size
    raise SystemExit("no .text section")


def filtered(data):
    out = bytearray(data)
    start, end = text_range(data)
    i = start
    while i < end - 5:
        if out[i] in (0xE8, 0xE9) and out[i + 4] in (0x00, 0xFF):
            rel, = struct.unpack_from("<i", out, i + 1)
            struct.pack_into("<i", out, i + 1, rel + i + 5 if -(1 << 31) <= rel + i + 5 < (1 << 31) else rel)
            i += 5
        else:
            i += 1
    return bytes(out)


def zstd_size(data, level):
    return len(subprocess.run(["zstd", "-q", f"-{level}", "-c"], input=data, capture_output=True, check=True).stdout)


if __name__ == "__main__":
    raw = open(sys.argv[1], "rb").read()
    level = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    plain, bcj = zstd_size(raw, level), zstd_size(filtered(raw), level)
    print(f"{sys.argv[1]}: {len(raw)} bytes; zstd -{level}: {plain}; with the x86 branch filter: {bcj} "
          f"({bcj / plain:.3f}, {plain - bcj} bytes less)")
