package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.payload.TreeEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each path of the tree layout (docs/FORMAT.md, docs/SIZE.md) lands in its part. */
class SizeReportTest {
  @Test
  void everyPartOfTheLayout() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("app/hello.jar", SizeReport.APP),
        Map.entry("app/lib/sqlite.jar", SizeReport.APP),
        Map.entry("rt/lib/modules", SizeReport.CLASSES),
        Map.entry("rt/lib/server/libjvm.so", SizeReport.JVM),
        Map.entry("rt/lib/client/libjvm.so", SizeReport.JVM),
        Map.entry("rt/lib/server/classes.jsa", SizeReport.CDS),
        Map.entry("rt/lib/sys/libc.so.6", SizeReport.CLIB),
        Map.entry("rt/lib/sys/ld-linux-x86-64.so.2", SizeReport.CLIB),
        Map.entry("rt/lib/sys/locale/C.UTF-8/LC_CTYPE", SizeReport.LOCALE),
        Map.entry("rt/fonts/DejaVuSans.ttf", SizeReport.FONTS),
        Map.entry("rt/lib/libnet.so", SizeReport.NATIVES),
        Map.entry("rt/lib/security/cacerts", SizeReport.FILES),
        Map.entry("rt/legal/java.base/LICENSE", SizeReport.FILES),
        Map.entry("rt/lib/tzdb.dat", SizeReport.FILES));
    expected.forEach((path, part) -> assertEquals(part, SizeReport.partOf(TreeEntry.file(path, 0644, new byte[0])),
        path));
    // executables without a .so name: bin/java, its trampoline and lib/jspawnhelper
    assertEquals(SizeReport.NATIVES, SizeReport.partOf(TreeEntry.file("rt/bin/java", 0755, new byte[0])));
    assertEquals(SizeReport.NATIVES, SizeReport.partOf(TreeEntry.file("rt/lib/jspawnhelper.real", 0755, new byte[0])));
  }
}
