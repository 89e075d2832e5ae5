package dev.hermit.inspect;

import dev.hermit.binary.NativeBinary;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.Linkage;
import dev.hermit.binary.elf.MinimumVersions;
import dev.hermit.binary.macho.MachOFile;
import dev.hermit.binary.macho.MachOSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A check for CI gates ({@code --require}): {@code static} (needs no loader and no library),
 * {@code resolved} (ELF: every library is found; PE and Mach-O libraries are not looked for, so they fail it),
 * {@code system-libs} (PE/Mach-O: only libraries of the OS),
 * {@code glibc<=V} (ELF: linked against glibc or no C library, and needs no GLIBC symbol version newer than V;
 * for a hermit executable that uses the target's C library, the payload's needs count), {@code hermetic} (a hermit
 * executable that needs nothing from the target).
 */
public final class Requirement {
  private final String text;
  private final String kind;
  private final String version;

  private Requirement(String text, String kind, String version) {
    this.text = text;
    this.kind = kind;
    this.version = version;
  }

  /** Parses a requirement; throws IllegalArgumentException with a message for users when it is not one. */
  public static Requirement parse(String text) {
    String t = text.trim();
    if (t.equals("static") || t.equals("resolved") || t.equals("system-libs") || t.equals("hermetic")) {
      return new Requirement(t, t, null);
    }
    if (t.startsWith("glibc<=") && t.substring(7).matches("[0-9]+(\\.[0-9]+)*")) {
      return new Requirement(t, "glibc", t.substring(7));
    }
    throw new IllegalArgumentException(
        "unknown requirement '" + text + "' (expected static, resolved, system-libs, hermetic or glibc<=VERSION)");
  }

  @Override
  public String toString() {
    return text;
  }

  /** The reason the report fails this requirement, or empty when it passes. */
  public Optional<String> check(InspectReport report) {
    switch (kind) {
      case "static":
        if (report.elf().isPresent()) {
          Linkage linkage = report.elf().get().linkage();
          if (linkage == Linkage.STATIC || linkage == Linkage.STATIC_PIE) {
            return Optional.empty();
          }
          List<String> why = new ArrayList<>();
          report.elf().get().interpreter().ifPresent(i -> why.add("interpreter " + i));
          if (!report.elf().get().needed().isEmpty()) {
            why.add("needs " + String.join(", ", report.elf().get().needed()));
          }
          return Optional.of("not static: " + (why.isEmpty() ? linkage.toString() : String.join("; ", why)));
        }
        return Optional.of("not static: a " + report.format() + " file always loads system libraries"
            + " (the requirement system-libs allows that)");
      case "resolved":
        if (report.elf().isEmpty()) { // nothing was looked for: passing would say "all found" of unknowns
          return Optional.of("resolved applies to ELF files only: hermit does not look for a PE or Mach-O file's"
              + " libraries (system-libs checks that they are all the OS's)");
        }
        if (report.dependencies().isPresent() && !report.dependencies().get().missing().isEmpty()) {
          List<String> names = new ArrayList<>();
          report.dependencies().get().missing().forEach(d -> names.add(d.name()));
          return Optional.of("not found: " + String.join(", ", names));
        }
        if (report.dependencies().isPresent() && report.dependencies().get().interpreter().isEmpty()
            && report.dependencies().get().interpreterName().isPresent()) {
          return Optional.of("interpreter not found: " + report.dependencies().get().interpreterName().get());
        }
        return Optional.empty();
      case "system-libs":
        if (report.pe().isPresent()) {
          List<String> extra = report.pe().get().nonSystemImports();
          return extra.isEmpty() ? Optional.empty() : Optional.of("needs non-system DLLs: " + String.join(", ", extra));
        }
        if (!report.macho().isEmpty()) {
          List<String> extra = new ArrayList<>();
          for (MachOSlice slice : report.macho()) {
            for (MachOFile.Dylib d : slice.file().dylibs()) {
              if (!d.name().startsWith("/usr/lib/") && !d.name().startsWith("/System/") && !extra.contains(d.name())) {
                extra.add(d.name());
              }
            }
          }
          return extra.isEmpty() ? Optional.empty() : Optional.of("needs non-system dylibs: " + String.join(", ", extra));
        }
        return Optional.of("system-libs applies to PE and Mach-O files; use static or glibc<=V for ELF");
      case "glibc":
        if (report.elf().isEmpty()) {
          return Optional.of("glibc<= applies to ELF files only");
        }
        Optional<String> otherLibc = otherLibc(report.elf().get());
        if (otherLibc.isPresent()) {
          return otherLibc;
        }
        String needed = report.elf().get().minimumVersions().get("GLIBC");
        String payload = report.hermit().flatMap(HermitPayload::hermeticity).filter(h -> !h.hermetic())
            .map(h -> h.minimumVersions().get("GLIBC")).orElse(null);
        if (payload != null && (needed == null || MinimumVersions.compare(payload, needed) > 0)) {
          needed = payload;
        }
        if (needed != null && MinimumVersions.compare(needed, version) > 0) {
          return Optional.of("needs glibc >= " + needed + ", more than " + version);
        }
        return Optional.empty();
      case "hermetic":
        if (report.hermit().isEmpty()) {
          return Optional.of("not a hermit executable");
        }
        Optional<Hermeticity> h = report.hermit().get().hermeticity();
        if (h.isEmpty()) {
          return Optional.of("the payload fails its SHA-256 check");
        }
        if (h.get().hermetic()) {
          return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        h.get().missing().forEach(m -> {
          if (!missing.contains(m.library())) {
            missing.add(m.library());
          }
        });
        return Optional.of("not hermetic: needs from the target " + String.join(", ", missing));
      default:
        throw new IllegalStateException(kind);
    }
  }

  /**
   * Why an ELF file is linked against a C library other than glibc, or empty: a musl object needs no GLIBC
   * version, so {@code glibc<=} would pass it for a glibc system it cannot load on. A file that needs no C library
   * (static) is not judged here.
   */
  private static Optional<String> otherLibc(ElfFile elf) {
    Optional<NativeBinary> binary = NativeBinary.elf(elf);
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    String evidence = elf.needed().stream().filter(n -> n.startsWith("libc.")).findFirst()
        .or(elf::interpreter).map(n -> " (" + n + ")").orElse("");
    switch (binary.get().libc()) {
      case "musl":
        return Optional.of("needs musl's C library, not glibc" + evidence);
      case "bionic":
        return Optional.of("needs Android's C library (bionic), not glibc" + evidence);
      default:
        break;
    }
    // FreeBSD's, Solaris's, ... C libraries name no GLIBC version; a file that needs one is glibc's after all
    String os = binary.get().os();
    if (!os.equals("linux") && elf.linkage() == Linkage.DYNAMIC && !elf.minimumVersions().containsKey("GLIBC")) {
      return Optional.of("a " + os + " file" + evidence + ", not one linked against glibc");
    }
    return Optional.empty();
  }
}
