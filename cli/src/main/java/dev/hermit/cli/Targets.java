package dev.hermit.cli;

import dev.hermit.HermitException;
import dev.hermit.platform.Target;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/** Target choice for the CLI: --target, else HERMIT_OS/HERMIT_ARCH/HERMIT_ARM (as GOOS/GOARCH/GOARM), else host. */
final class Targets implements Iterable<String> {
  /** --target's platforms (a comma list: each once, in order), else the one of the environment or the host. */
  static List<Target> chooseAll(String option) {
    if (option != null && option.contains(",")) {
      LinkedHashSet<Target> all = new LinkedHashSet<>();
      for (String t : option.split(",")) {
        if (!t.isBlank()) {
          all.add(Target.parse(t.strip()));
        }
      }
      return List.copyOf(all);
    }
    return List.of(choose(option));
  }

  static Target choose(String option) {
    if (option != null) {
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
