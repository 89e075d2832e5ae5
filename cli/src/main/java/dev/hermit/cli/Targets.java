package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.util.Iterator;

/** Target choice for the CLI: --target, else HERMIT_OS/HERMIT_ARCH/HERMIT_ARM (as GOOS/GOARCH/GOARM), else host. */
final class Targets implements Iterable<String> {
  static Target choose(String option) {
    if (option != null) {
      if (option.contains(",")) {
        throw new HermitException("building several targets at once is not supported yet; give one --target");
      }
      return Target.parse(option);
    }
    String os = System.getenv("HERMIT_OS");
    String arch = System.getenv("HERMIT_ARCH");
    if (arch != null && !arch.isBlank()) {
      String arm = System.getenv("HERMIT_ARM");
      String spelling = (os == null || os.isBlank() ? "linux" : os) + "/" + arch
          + (arch.equals("arm") && arm != null && !arm.isBlank() ? "/v" + arm : "");
      return Target.parse(spelling);
    }
    return Target.host().orElseThrow(() -> new HermitException("this host is not a platform hermit knows; give --target"));
  }

  @Override
  public Iterator<String> iterator() {
    return Target.ALL.stream().map(Target::id).iterator();
  }
}
