package dev.hermit.binary.elf;

/** How an ELF file gets its code at run time. */
public enum Linkage {
  /** No interpreter and no needed libraries: runs on a bare kernel. */
  STATIC("static"),
  /** Position-independent with its own relocation code, no interpreter and no needed libraries. */
  STATIC_PIE("static-pie"),
  /** Needs the dynamic loader and/or shared libraries. */
  DYNAMIC("dynamic"),
  /** Not a linked image (relocatable object, core dump). */
  NOT_LINKED("not linked");

  private final String label;

  Linkage(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
