package dev.hermit.pipeline;

import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/** Whether an app carries a library, told by one of its classes or, inside a fat jar or a war, by its jar's name. */
final class AppContents {
  private AppContents() {}

  /**
   * @param entry a class file's path in a jar or class directory ({@code com/sun/jna/Native.class})
   * @param nestedJar the library's own jar as an entry of another archive ({@code BOOT-INF/lib/jna-5.15.0.jar}),
   *     matched by name without being read
   */
  static boolean has(AppInput app, String entry, Pattern nestedJar) throws IOException {
    for (Path p : app.files().keySet()) {
      if (Files.isDirectory(p)) {
        if (Files.isRegularFile(p.resolve(entry))) {
          return true;
        }
      } else if (Files.isRegularFile(p) && dev.hermit.app.NativeScan.isZip(p)) {
        try (ZipFile z = new ZipFile(p.toFile())) {
          if (z.getEntry(entry) != null || z.stream().anyMatch(e -> nestedJar.matcher(e.getName()).matches())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
