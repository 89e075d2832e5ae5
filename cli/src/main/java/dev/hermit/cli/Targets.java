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
    if (os != null && !os.isBlank() || arch != null && !arch.isBlank()) {
      return fromEnvironment(os, arch, System.getenv("HERMIT_ARM"));
    }
    return Target.host().orElseThrow(() -> new HermitException("this host is not a platform hermit knows; give --target"));
  }

  /**
   * The target HERMIT_OS, HERMIT_ARCH and HERMIT_ARM name, read as Go reads GOOS, GOARCH and GOARM: either may be
   * left out for the host's, and the ARM version is a number ("7", as GOARM) or "v7". A target hermit does not know
   * names the variables it came from.
   */
  static Target fromEnvironment(String os, String arch, String arm) {
    String hostId = Target.host().map(Target::id).orElse("linux/amd64");
    String o = os == null || os.isBlank() ? hostId.substring(0, hostId.indexOf('/')) : os.strip();
    String a = arch == null || arch.isBlank() ? hostId.split("/")[1] : arch.strip();
    String v = arm == null || arm.isBlank() ? "" : arm.strip().replaceFirst("^[vV]", "");
    String spelling = o + "/" + a + (a.equals("arm") && !v.isEmpty() ? "/v" + v : "");
    try {
      return Target.parse(spelling);
    } catch (dev.hermit.TargetException e) {
      StringBuilder from = new StringBuilder();
      for (String[] var : new String[][] {{"HERMIT_OS", os}, {"HERMIT_ARCH", arch}, {"HERMIT_ARM", arm}}) {
        if (var[1] != null && !var[1].isBlank()) {
          from.append(from.length() == 0 ? "" : " ").append(var[0]).append('=').append(var[1]);
        }
      }
      throw new dev.hermit.TargetException(e.getMessage() + " (from the environment: " + from + "; --target "
          + "overrides it)", dev.hermit.Setting.TARGET, spelling);
    }
  }

  @Override
  public Iterator<String> iterator() {
    return Target.ALL.stream().map(Target::id).iterator();
  }
}
