package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.InputException;
import dev.hermit.Setting;
import dev.hermit.platform.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What build() refuses before any file is touched, as an InputException naming the setting. */
class BuildRequestTest {
  static BuildRequest.Builder hello() {
    return BuildRequest.builder().input(Path.of("/nowhere/app.jar")).target(Target.parse("linux/amd64"));
  }

  @Test
  void aMainClassThatIsNoClassNameIsRefused() {
    for (String bad : new String[] {"", " ", "a..B", "../etc/passwd", "com.example.Main ", "1st.Main", "a/b/C"}) {
      InputException e = assertThrows(InputException.class, () -> hello().mainClass(bad).build(), bad);
      assertEquals(Setting.MAIN_CLASS, e.setting().orElseThrow());
      assertTrue(e.getMessage().startsWith("main class '" + bad + "' is not a class name"), e.getMessage());
    }
    for (String good : new String[] {"Main", "com.example.Main", "a.Outer$Inner", "über.Haupt", "my.mod/com.x.Main"}) {
      assertEquals(good, hello().mainClass(good).build().mainClass());
    }
  }

  @Test
  void aJavaWithoutARuntimeAndAShaThatIsNoneAreRefused() {
    InputException java = assertThrows(InputException.class, () -> hello().java(11).build());
    assertEquals(Setting.JAVA, java.setting().orElseThrow());
    assertTrue(java.getMessage().startsWith("Java 11 is not one of hermit's runtimes: Java 17"), java.getMessage());
    assertEquals(21, hello().java(21).build().java());
    InputException sha = assertThrows(InputException.class, () -> hello().jdkSha256("zz").build());
    assertEquals(Setting.JDK_SHA256, sha.setting().orElseThrow());
    assertEquals("a".repeat(64), hello().jdkSha256("a".repeat(64)).build().jdkSha256());
  }
}
