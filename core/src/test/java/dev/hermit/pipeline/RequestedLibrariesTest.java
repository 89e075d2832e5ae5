package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What --bundle-library adds beside what is asked (the bundling itself runs for real in NativesIT). */
class RequestedLibrariesTest {
  /**
   * The JDK's GTK look and feel opens libgthread-2.0.so.0 beside GTK, which GTK does not need: with GTK 3 alone
   * bundled, an empty root got "InternalError: Unable to load native GTK libraries" where the host worked.
   */
  @Test
  void gtkBringsTheThreadLibraryTheJdkLoadsBesideIt() {
    assertEquals(Set.of("libgtk-3.so.0", "libgthread-2.0.so.0"),
        RequestedLibraries.withCompanions(Set.of("libgtk-3.so.0")));
    assertEquals(Set.of("libgtk-x11-2.0.so.0", "libgthread-2.0.so.0", "libz.so.1"),
        RequestedLibraries.withCompanions(Set.of("libgtk-x11-2.0.so.0", "libz.so.1")));
    assertEquals(Set.of("libbz2.so.1.0"), RequestedLibraries.withCompanions(Set.of("libbz2.so.1.0")));
  }
}
