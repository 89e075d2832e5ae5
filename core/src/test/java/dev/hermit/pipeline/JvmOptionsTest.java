package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hermit.InputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM option that is two arguments joined by a space (as docs print "--add-opens java.base/java.lang=...") is
 * refused at build time: the output's JVM would take it as one argument and refuse to start on every run.
 */
class JvmOptionsTest {
  private static BuildRequest build(String option) {
    return BuildRequest.builder().input(Path.of("app.jar")).jvmOptions(List.of(option)).build();
  }

  @Test
  void anOptionAndItsValueInOneArgumentAreRefusedWithTheSpellingThatWorks() {
    InputException e = assertThrows(InputException.class,
        () -> build("--add-opens java.base/java.lang=ALL-UNNAMED"));
    assertEquals("the JVM option '--add-opens java.base/java.lang=ALL-UNNAMED' is two arguments in one, which the "
        + "JVM would refuse at every start (Unrecognized option): give -J--add-opens=java.base/java.lang=ALL-UNNAMED",
        e.getMessage());
    assertThrows(InputException.class, () -> build("--add-modules  jdk.incubator.vector"));
  }

  @Test
  void twoXOptionsInOneArgumentAreRefused() {
    InputException e = assertThrows(InputException.class, () -> build("-Xmx256m -Xss1m"));
    assertEquals("the JVM option '-Xmx256m -Xss1m' is several options in one argument, which the JVM would refuse "
        + "at every start: give each its own -J (-J-Xmx256m -J-Xss1m ...)", e.getMessage());
  }

  @Test
  void optionsWhoseValuesHoldSpacesStay() {
    for (String o : List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Dgreeting=hello world -x", "-XX:OnOutOfMemoryError=kill -9 %p", "-XX:OnError=gdb - %p",
        "-Dcmd=--add-opens java.base/x=y")) {
      assertEquals(List.of(o), build(o).jvmOptions(), o);
    }
  }

  /** Options that need the JDK's own CDS archive make an output that never starts, unless it has one (--cds=build). */
  @Test
  void optionsThatNeedTheRuntimesOwnArchiveAreRefusedWithoutOne() {
    for (String o : List.of("-Xshare:on", "-XX:ArchiveClassesAtExit=app.jsa", "-XX:+AutoCreateSharedArchive")) {
      InputException e = assertThrows(InputException.class, () -> build(o), o);
      assertEquals(java.util.Optional.of(dev.hermit.Setting.JVM_OPTIONS), e.setting());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("the JVM option '" + o + "' needs the "
          + "runtime's own class-data-sharing archive, which a linked runtime has only with --cds=build"), e.getMessage());
      BuildRequest.builder().input(Path.of("app.jar")).jvmOptions(List.of(o)).cds(CdsMode.BUILD).build();
    }
    build("-Xshare:off");
    build("-Xshare:auto");
  }
}
