package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.inspect.LibraryResolver;
import dev.hermit.libc.Fonts;
import dev.hermit.libc.SystemLibraries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fonts come with fontconfig when the app's natives load it and java.desktop does not (Skija's libskija.so): in an
 * empty root fontconfig found no configuration and text was left out of the drawing without an error.
 */
class NativeFontsTest {
  @Test
  void anAppsFontconfigGetsTheFontsAndItsConfiguration() throws IOException {
    Path libc = new LibraryResolver(Path.of("/")).findLibrary("libc.so.6",
        dev.hermit.binary.elf.ElfReader.read(Path.of("/bin/ls"))).orElseThrow();
    Path fontconfig = new LibraryResolver(Path.of("/")).findLibrary(Fonts.FONTCONFIG,
        dev.hermit.binary.elf.ElfReader.read(libc.toRealPath())).orElseThrow(
            () -> new AssertionError("this machine has no " + Fonts.FONTCONFIG + " (Debian's libfontconfig1)"));
    RuntimeTree plain = RuntimeTree.bundled(new SystemLibraries("ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2",
        Path.of("/lib64/ld-linux-x86-64.so.2"), Map.of("libc.so.6", libc)), null, null);
    List<String> details = new ArrayList<>();
    BuildListener listener = e -> {
      if (e instanceof BuildEvent.Detail d) {
        details.add(d.message());
      }
    };
    assertEquals(plain, plain.withFontsForFontconfig(null, listener), "no fontconfig: nothing to do");
    RuntimeTree withNatives = plain.withLibraries(Map.of(Fonts.FONTCONFIG, fontconfig));
    assertTrue(withNatives.start("${R}").env().stream().noneMatch(v -> v.startsWith("FONTCONFIG_FILE=")));

    RuntimeTree fonts = withNatives.withFontsForFontconfig(null, listener);
    assertTrue(fonts.start("${R}").env().contains("FONTCONFIG_FILE=${R}/fonts/fonts.conf"),
        fonts.start("${R}").env().toString());
    assertTrue(details.stream().anyMatch(d -> d.startsWith("fonts for the app's natives (they load "
        + Fonts.FONTCONFIG + "): DejaVuSans.ttf")), details.toString());
    assertEquals(fonts, fonts.withFontsForFontconfig(null, listener), "once");
  }
}
