package dev.hermit.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.platform.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The java.desktop package set: the base set kept, its own cache directory, each suite's package names; the
 * packages added for the libraries an app's natives need.
 */
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

  @Test
  void onlyTheHostsJdkComesWithItsJre() {
    Target host = Target.host().orElseThrow();
    Target other = Target.ALL.stream().filter(t -> !t.equals(host)).findFirst().orElseThrow();
    for (int java : SdkSpec.javaVersions()) {
      String jre = "openjdk-" + java + "-jre-headless";
      assertTrue(SdkSpec.of(host, java).packages().contains(jre), "jlink and javac of this host run from it");
      assertFalse(SdkSpec.of(other, java).packages().contains(jre), SdkSpec.of(other, java).packages().toString());
      assertTrue(SdkSpec.of(other, java).packages().contains("openjdk-" + java + "-jdk-headless"));
      assertNotEquals(SdkSpec.of(host, java).key(), SdkSpec.of(other, java).key());
    }
  }

  @Test
  void aLibraryIsLookedForInThePackageDebianNamesForIt() {
    assertEquals("libgomp1t64|libgomp1", SdkSpec.packageFor("libgomp.so.1"));
    assertEquals("libgfortran5t64|libgfortran5", SdkSpec.packageFor("libgfortran.so.5"));
    assertEquals("libbz2-1.0t64|libbz2-1.0", SdkSpec.packageFor("libbz2.so.1.0"));
    assertEquals("libssl3t64|libssl3", SdkSpec.packageFor("libcrypto.so.3"));
    assertEquals(null, SdkSpec.packageFor("libfoo.so"), "no version: no package to guess");
    SdkSpec base = SdkSpec.of(Target.parse("linux/arm64"), 17);
    SdkSpec more = base.withLibraries(java.util.Set.of("libgomp.so.1"));
    assertEquals(base.packages().size() + 1, more.packages().size());
    assertTrue(more.packages().containsAll(base.packages()));
    assertNotEquals(base.key(), more.key(), "its own cache directory");
    assertEquals(more, more.withLibraries(java.util.Set.of("libgomp.so.1")), "a package is added once");
    SdkSpec fetched = new SdkSpec(base.target(), 17, "bookworm", List.of("libc6", "libgomp1")); // "a|b" resolved
    assertEquals(fetched, fetched.withLibraries(java.util.Set.of("libgomp.so.1")), "nor under another of its names");
    assertEquals(List.of("libgomp1t64", "libgomp1"), more.packageNames().subList(base.packages().size(),
        more.packageNames().size()));
  }

  /** Where the rule's guess is not a package of the suite, the Contents index is asked which package ships it. */
  @Test
  void aLibraryTheRuleMissesIsLookedUpByItsFile() {
    SdkSpec base = SdkSpec.of(Target.parse("linux/arm64"), 17);
    SdkSpec more = base.withLibraries(java.util.Set.of("libbrotlidec.so.1"));
    String entry = more.packages().get(more.packages().size() - 1);
    assertEquals("libbrotlidec1t64|libbrotlidec1|=libbrotlidec.so.1", entry);
    assertEquals("libbrotlidec.so.1", SdkSpec.shipping(entry));
    assertEquals("libbrotlidec1t64 or libbrotlidec1", SdkSpec.describe(entry));
    assertFalse(more.packageNames().contains("=libbrotlidec.so.1"), "not a package name");
    assertEquals(null, SdkSpec.shipping("libc6"));
    assertEquals(base, base.withLibraries(java.util.Set.of("libfoo.so")), "no version: nothing to look up");
  }
}
