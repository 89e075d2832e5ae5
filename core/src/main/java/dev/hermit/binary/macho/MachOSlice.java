package dev.hermit.binary.macho;

/** One architecture of a universal file (or the whole of a thin one, at offset 0). */
public record MachOSlice(long offset, long size, MachOFile file) {}
