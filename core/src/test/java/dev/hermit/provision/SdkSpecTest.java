package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.platform.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The java.desktop package set: the base set kept, its own cache directory, each suite's package names. */
class SdkSpecTest {
  @Test
  void theDesktopSetAddsToTheBaseSetInADirectoryOfItsOwn() {
    for (int java : SdkSpec.javaVersions()) {
      SdkSpec base = SdkSpec.of(Target.parse("linux/arm64"), java);
      SdkSpec desktop = base.withDesktop();
      assertFalse(base.isDesktop());
      assertTrue(desktop.isDesktop());
      assertTrue(desktop.packages().containsAll(base.packages()), desktop.packages().toString());
      assertTrue(desktop.packages().containsAll(java == 17 ? List.of("libx11-6", "libasound2",
          "fonts-dejavu-core") : List.of("libx11-6", "libasound2t64", "fonts-dejavu-mono")),
          desktop.packages().toString());
      assertNotEquals(base.key(), desktop.key(), "the two sets share no cache directory");
      assertEquals(desktop, desktop.withDesktop());
    }
  }
}
