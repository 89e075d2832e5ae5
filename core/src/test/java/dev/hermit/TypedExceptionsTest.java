package dev.hermit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.app.InputResolver;
import dev.hermit.jdk.Jdk;
import dev.hermit.platform.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core errors say what kind of problem they are, carry the offending value and name no front end's option. */
class TypedExceptionsTest {
  @TempDir Path dir;

  @Test
  void anUnknownTargetIsATargetErrorCarryingTheSpelling() {
    TargetException e = assertThrows(TargetException.class, () -> Target.parse("linux/sparc"));
    assertEquals(Optional.of("linux/sparc"), e.value());
    assertEquals(Optional.of(Setting.TARGET), e.setting());
    assertClean(e);
  }

  @Test
  void aDirectoryWithoutReleaseIsAJdkErrorCarryingTheDirectory() {
    JdkException e = assertThrows(JdkException.class, () -> Jdk.at(dir));
    assertEquals(Optional.of(dir.toString()), e.value());
    assertEquals(Optional.of(Setting.JDK), e.setting());
    assertClean(e);
  }

  @Test
  void aJarWithoutMainClassIsAnInputErrorNamingTheMainClassSetting() throws Exception {
    Path jar = dir.resolve("lib.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      out.putNextEntry(new java.util.jar.JarEntry("x.txt"));
    }
    InputException e = assertThrows(InputException.class,
        () -> new InputResolver(Files.createDirectories(dir.resolve("work")), 17, w -> {}).resolve(jar, null, List.of()));
    assertTrue(e.getMessage().contains("lib.jar has no Main-Class"), e.getMessage());
    assertEquals(Optional.of(Setting.MAIN_CLASS), e.setting());
    assertEquals(Optional.of(jar.toString()), e.value());
    assertClean(e);
  }

  @Test
  void aMissingClassPathEntryIsAnInputErrorCarryingTheEntry() {
    String missing = dir.resolve("nope.jar").toString();
    InputException e = assertThrows(InputException.class, () -> new InputResolver(dir, 17, w -> {})
        .resolve(null, "a.Main", List.of(missing)));
    assertEquals(Optional.of(Setting.CLASS_PATH), e.setting());
    assertEquals(Optional.of(missing), e.value());
    assertClean(e);
  }

  /** No option spelling of any front end (--jdk, -o, <jdk>) inside a core message. */
  static void assertClean(HermitException e) {
    assertFalse(e.getMessage().matches("(?s).*(^|[ (])--?[a-z].*"), "CLI wording in a core message: " + e.getMessage());
    assertFalse(e.getMessage().contains("<"), "XML wording in a core message: " + e.getMessage());
  }
}
