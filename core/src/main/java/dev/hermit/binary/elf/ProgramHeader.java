package dev.hermit.binary.elf;

/**
 * One entry of the program header table (the loader's view of the file). {@code at} is where the entry itself
 * lies in the file, for error messages about its values.
 */
public record ProgramHeader(long type, long flags, long offset, long vaddr, long fileSize, long memSize, long at) {
  public static final long PT_LOAD = 1;
  public static final long PT_DYNAMIC = 2;
  public static final long PT_INTERP = 3;
  public static final long PT_NOTE = 4;

  /** Whether the virtual address lies in the part of this segment that is backed by file bytes. */
  boolean mapsFileBytes(long address) {
    return type == PT_LOAD && Long.compareUnsigned(address, vaddr) >= 0
        && Long.compareUnsigned(address - vaddr, fileSize) < 0;
  }
}
