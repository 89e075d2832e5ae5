package dev.hermit.libc;

import java.nio.file.Files;
import java.nio.file.Path;

/** glibc's C.UTF-8 locale, which the bundled C library needs for UTF-8 arguments, file names and output. */
public final class Locales {
  private Locales() {}

  /** The C.UTF-8 locale directory in a sysroot (Debian 12 names it C.utf8, older releases C.UTF-8), or null. */
  public static Path cUtf8(Path sysroot) {
    for (String name : new String[] {"usr/lib/locale/C.utf8", "usr/lib/locale/C.UTF-8"}) {
      Path dir = sysroot.resolve(name);
      if (Files.isRegularFile(dir.resolve("LC_CTYPE"))) {
        return dir;
      }
    }
    return null;
  }
}
