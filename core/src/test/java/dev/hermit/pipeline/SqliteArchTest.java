package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hermit.app.AppInput;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc on linux/arm/v7 is told its architecture (it probes {@code uname -m}, which an empty root lacks, and
 * fell back to the soft-float build hermit drops: "Error opening connection"); on other targets, for apps without
 * it, and when the user set the property, nothing changes. Seen in a sweep: an armhf output in an empty root under
 * qemu-arm failed, and with the option prints its query's answer.
 */
class SqliteArchTest {
  @TempDir Path dir;

  @Test
  void armGetsTheArchitectureOnlyWhenTheAppCarriesSqliteJdbc() throws IOException {
    AppInput sqlite = app("sqlite.jar", "org/sqlite/util/OSInfo.class");
    AppInput nested = app("boot.jar", "BOOT-INF/lib/sqlite-jdbc-3.54.1.0.jar");
    AppInput other = app("other.jar", "a/Main.class");
    Target arm = Target.parse("linux/arm/v7");
    List<String> details = new ArrayList<>();
    BuildListener listener = BuildListener.NONE;
    BuildListener recording = new BuildListener() {
      @Override public void event(BuildEvent event) { }
      @Override public void detail(String message) { details.add(message); }
    };
    assertEquals(List.of("-Dorg.sqlite.osinfo.architecture=armv7", "-Xmx64m"),
        SqliteArch.add(sqlite, arm, List.of("-Xmx64m"), recording));
    assertEquals(1, details.size(), details.toString());
    assertEquals(List.of("-Dorg.sqlite.osinfo.architecture=armv7"), SqliteArch.add(nested, arm, List.of(), listener));
    assertEquals(List.of(), SqliteArch.add(other, arm, List.of(), listener));
    assertEquals(List.of(), SqliteArch.add(sqlite, Target.parse("linux/arm64"), List.of(), listener));
    List<String> own = List.of("-Dorg.sqlite.osinfo.architecture=armv6");
    assertEquals(own, SqliteArch.add(sqlite, arm, own, listener));
  }

  private AppInput app(String name, String entry) throws IOException {
    Path jar = dir.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry(entry));
      z.write(new byte[] {1, 2, 3});
    }
    return new AppInput("app", "a.Main", "app/" + name, List.of(), Map.of(jar, "app/" + name), List.of(jar), Map.of());
  }
}
