package dev.hermit.libc;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fonts for a runtime with {@code java.desktop}. An empty root has none, and the JDK's font manager then fails on
 * the first text it measures ("Fontconfig head is null"). The JDK finds fonts through fontconfig, which it loads
 * with dlopen: so a few DejaVu faces from the sysroot go into the payload with fontconfig itself, its libraries,
 * and a {@code fonts.conf} that names the font directory relative to itself (the extraction path is not known at
 * build time); the launcher's environment points {@code FONTCONFIG_FILE} at it.
 *
 * @param faces file name in the payload's font directory → font file in the sysroot
 * @param libraries fontconfig and what it needs beyond the libraries already bundled, NEEDED name → file
 */
public record Fonts(Map<String, Path> faces, Map<String, Path> libraries) {
  public static final String FONTCONFIG = "libfontconfig.so.1";
  /**
   * Sans, serif and monospace, plain and bold (Debian's fonts-dejavu-core): what the JDK's logical fonts map to
   * under fontconfig. Without a bold face fontconfig makes one up, wider or narrower than the real one.
   */
  static final List<String> FACES = List.of("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf",
      "DejaVuSerif-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf");
  static final List<String> FONT_DIRS = List.of("usr/share/fonts/truetype/dejavu", "usr/share/fonts/dejavu",
      "usr/share/fonts/TTF");

  /**
   * The fonts and fontconfig closure from a sysroot, or empty (with what is missing) when it lacks either.
   *
   * @param requester the library that loads fontconfig (the JDK's font manager): its class picks the directories
   * @param bundled library names the runtime bundles already
   */
  public static Lookup find(Path sysroot, ElfFile requester, Set<String> bundled) throws IOException {
    Map<String, Path> faces = new LinkedHashMap<>();
    for (String dir : FONT_DIRS) {
      for (String face : FACES) {
        Path f = sysroot.resolve(dir).resolve(face);
        if (!faces.containsKey(face) && Files.isRegularFile(f)) {
          faces.put(face, f);
        }
      }
    }
    if (faces.isEmpty()) {
      return new Lookup(Optional.empty(), "no DejaVu fonts in " + sysroot + " (" + FONT_DIRS.get(0)
          + "; Debian package fonts-dejavu-core)");
    }
    Optional<Path> fontconfig = new LibraryResolver(sysroot).findLibrary(FONTCONFIG, requester);
    if (fontconfig.isEmpty()) {
      return new Lookup(Optional.empty(), "no " + FONTCONFIG + " in " + sysroot + " (Debian package libfontconfig1)");
    }
    LibraryClosure closure = LibraryClosure.of(sysroot, List.of(ElfReader.read(fontconfig.get().toRealPath())),
        List.of(FONTCONFIG), bundled);
    if (!closure.missing().isEmpty()) {
      return new Lookup(Optional.empty(), FONTCONFIG + " needs " + String.join(", ", closure.missing().keySet())
          + ", which " + sysroot + " lacks");
    }
    Map<String, Path> libraries = new LinkedHashMap<>();
    libraries.put(FONTCONFIG, fontconfig.get());
    libraries.putAll(closure.found());
    return new Lookup(Optional.of(new Fonts(faces, libraries)), null);
  }

  /** What {@link #find} found, or why it found nothing. */
  public record Lookup(Optional<Fonts> fonts, String missing) {}

  /**
   * fontconfig's configuration: the directory it sits in holds the fonts, and the generic families the JDK asks
   * for (sans, serif, monospace) are the DejaVu faces a system's fontconfig gives them (its conf.d); without the
   * aliases every family is the first face found, and Serif and Monospaced are drawn in DejaVu Sans. Caches go
   * where the user's own fontconfig keeps them ({@code $XDG_CACHE_HOME/fontconfig}, {@code ~/.cache/fontconfig});
   * where there is no home (an empty root) fontconfig says "No writable cache directories" once and scans the
   * faces instead. A cache beside the fonts ({@code prefix="relative"}) is not usable: fontconfig 2.14 checks its
   * writability without the prefix.
   */
  public static byte[] config() {
    return """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <!-- Written by hermit: the fonts bundled beside this file, and nothing from the target's file system. -->
        <fontconfig>
          <dir prefix="relative">.</dir>
          <cachedir prefix="xdg">fontconfig</cachedir>
          <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
          <alias><family>sans</family><prefer><family>DejaVu Sans</family></prefer></alias>
          <alias><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
          <alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
          <alias><family>mono</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
        </fontconfig>
        """.getBytes(StandardCharsets.UTF_8);
  }
}
