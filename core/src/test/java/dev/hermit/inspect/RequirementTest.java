package dev.hermit.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.binary.TestCorpus;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code --require} checks on real files: which formats each applies to, and the reasons it gives. */
class RequirementTest {
  /**
   * hermit looks for an ELF file's libraries only: {@code resolved} passed on a PE exe and on a Mach-O file that
   * loads an @rpath dylib found nowhere, as "nothing missing" of what was never looked for.
   */
  @Test
  void resolvedAppliesToElfFilesOnly() throws Exception {
    Path corpus = TestCorpus.requireCorpus("");
    Inspector inspector = Inspector.withSysroot(Path.of("/"));
    Requirement resolved = Requirement.parse("resolved");
    for (String file : new String[] {"pe/hello-amd64.exe", "macho/hello-arm64", "macho/hello-universal"}) {
      Optional<String> reason = resolved.check(inspector.inspect(corpus.resolve(file)));
      assertTrue(reason.isPresent() && reason.get().startsWith("resolved applies to ELF files only"),
          file + ": " + reason);
    }
    assertEquals(Optional.empty(), resolved.check(inspector.inspect(Path.of("/bin/ls"))));
  }
}
