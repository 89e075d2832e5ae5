package dev.hermit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.HermitException;
import dev.hermit.binary.ByteArrayChannel;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.binary.elf.Linkage;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The table of targets and the launchers the build ships stay in step, both ways: every target has its launcher,
 * static and for that target, and every launcher the launcher module ships is a target's.
 */
class LaunchersTest {
  @Test
  void everyTargetHasAStaticLauncherForItsArch() throws IOException {
    for (Target t : Target.ALL) {
      assertTrue(Launchers.available(t), "launcher/build.sh builds no launcher for " + t + " (flags.sh TARGETS)");
      ElfFile elf = ElfReader.read(new ByteArrayChannel(Launchers.forTarget(t)));
      assertEquals(t.elfMachine(), elf.machine().value(), t.id());
      assertEquals(Linkage.STATIC, elf.linkage(), t.id());
      assertTrue(elf.interpreter().isEmpty() && elf.dynamic().isEmpty(), t.id());
    }
  }

  @Test
  void everyShippedLauncherIsATargets() throws IOException, URISyntaxException {
    URI any = Launchers.class.getResource("/dev/hermit/launcher/linux-amd64").toURI();
    List<String> shipped;
    if (any.getScheme().equals("jar")) {
      try (FileSystem jar = FileSystems.newFileSystem(any, Map.of())) {
        shipped = names(jar.getPath("/dev/hermit/launcher"));
      }
    } else {
      shipped = names(Path.of(any).getParent());
    }
    List<String> known = Target.ALL.stream().map(Target::fileName).sorted().toList();
    assertEquals(known, shipped, "launchers shipped vs Target.ALL");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("linux-")).sorted().toList();
    }
  }

  @Test
  void aTargetWithoutALauncherIsRefusedNamingTheOnesThatExist() {
    Target none = new Target("linux", "mips64le", "", 8, "mips64", "mips64el", false);
    HermitException e = assertThrows(HermitException.class, () -> Launchers.forTarget(none));
    assertEquals("hermit has no launcher for linux/mips64le yet; it builds for "
        + String.join(", ", Target.ALL.stream().map(Target::id).toList()), e.getMessage());
  }
}
