package dev.hermit.binary;

/** The container formats hermit can read, recognised by their first bytes. */
public enum BinaryFormat {
  ELF,
  PE,
  MACHO,
  MACHO_UNIVERSAL,
  UNKNOWN;

  /** Recognises a format from the first bytes of a file (at least 8 should be given when available). */
  public static BinaryFormat detect(byte[] head) {
    if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return ELF;
    }
    if (head.length >= 2 && head[0] == 'M' && head[1] == 'Z') {
      return PE;
    }
    if (head.length >= 4) {
      int be = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
      int le = Integer.reverseBytes(be);
      if (be == 0xfeedface || be == 0xfeedfacf || le == 0xfeedface || le == 0xfeedfacf) {
        return MACHO;
      }
      if ((be == 0xcafebabe || be == 0xcafebabf) && head.length >= 8) {
        // Java class files share this magic; their next word is a class-file version (>= 45), a universal
        // file's is a small count of architectures.
        int count = ((head[4] & 0xff) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        if (count > 0 && count < 45) {
          return MACHO_UNIVERSAL;
        }
      }
    }
    return UNKNOWN;
  }
}
