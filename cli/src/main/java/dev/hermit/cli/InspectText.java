package dev.hermit.cli;

import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.Linkage;
import dev.hermit.binary.macho.MachOFile;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import dev.hermit.inspect.Dependency;
import dev.hermit.inspect.DependencyGraph;
import dev.hermit.inspect.HermitPayload;
import dev.hermit.inspect.InspectReport;
import dev.hermit.inspect.LoadedObject;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders an inspection report for people: a summary line, then ldd-style library lines (or a tree). */
final class InspectText {
  private final PrintWriter out;
  private final boolean tree;

  InspectText(PrintWriter out, boolean tree) {
    this.out = out;
    this.tree = tree;
  }

  void print(InspectReport report) {
    report.elf().ifPresent(elf -> elf(report, elf));
    report.pe().ifPresent(pe -> pe(report, pe));
    if (!report.macho().isEmpty()) {
      macho(report);
    }
    report.hermit().ifPresent(h -> hermit(report, h));
  }

  /** The payload of a hermit executable, in the manner of {@code go version -m}: one fact per line. */
  private void hermit(InspectReport report, HermitPayload h) {
    String launcher = report.elf().map(e -> e.linkage() == Linkage.STATIC || e.linkage() == Linkage.STATIC_PIE
        ? "static" : "NOT static (" + e.linkage() + ")").orElse(report.format().name());
    out.println("\thermit executable: launcher " + h.launcherSize() + " bytes, " + launcher + "; payload "
        + h.payloadSize() + " bytes, " + h.codec() + " (tree " + h.treeSize() + " bytes)");
    out.println("\tpayload sha256 " + h.sha256() + (h.hashVerified() ? " (verified)"
        : " (MISMATCH: the file was damaged after it was built)"));
    List<String[]> rows = new ArrayList<>();
    h.info().ifPresent(info -> info.toMap().forEach((k, v) -> rows(k, v, rows)));
    h.infoProblem().ifPresent(p -> rows.add(new String[] {"info", p}));
    rows.add(new String[] {"exec", h.exec()});
    int preload = h.args().indexOf("--preload"); // the loader's: libatomic for a native that uses it unnamed
    if (preload >= 0 && preload + 1 < h.args().size()) {
      rows.add(new String[] {"preload", h.args().get(preload + 1) + " (the loader loads it before the JVM)"});
    }
    h.fileTime().ifPresent(t -> rows.add(new String[] {"fileTime", java.time.Instant.ofEpochSecond(t)
        + " (the app's build time, from its jars: every extracted file has it)"}));
    h.hermeticity().ifPresent(x -> natives(x, rows));
    h.hermeticity().ifPresent(x -> rows.add(new String[] {"hermetic", hermetic(x)}));
    int width = 0;
    for (String[] row : rows) {
      width = Math.max(width, row[0].length());
    }
    for (String[] row : rows) {
      out.println("\t" + row[0] + " ".repeat(width - row[0].length() + 2) + row[1]);
    }
  }

  /** The natives in the payload's jars, per jar: platform, whether the runtime can load it, what it needs. */
  private static void natives(dev.hermit.inspect.Hermeticity x, List<String[]> rows) {
    String jar = null;
    for (dev.hermit.inspect.Hermeticity.JarNative n : x.natives()) {
      if (!n.jar().equals(jar)) {
        jar = n.jar();
        long count = x.natives().stream().filter(o -> o.jar().equals(n.jar())).count();
        rows.add(new String[] {"natives", n.jar() + ": " + count + (count == 1 ? " library" : " libraries")});
      }
      dev.hermit.binary.NativeBinary b = n.library().binary();
      rows.add(new String[] {"native", "  " + n.library().path() + "  " + b.platform()
          + (n.loads() && b.isProgram() ? " (a program the app may start: it runs on the target's loader and C library)"
              : n.loads() ? " (loads into the runtime)" : " (another platform: never loaded)")
          + (b.needed().isEmpty() ? "" : "  needs " + String.join(" ", b.needed()))});
    }
  }

  /** "yes" only when nothing comes from the target; otherwise what does, and the glibc that must be there. */
  static String hermetic(dev.hermit.inspect.Hermeticity x) {
    if (x.hermetic()) {
      return "yes (started through " + x.loader() + " inside the payload; needs nothing from the target)";
    }
    java.util.Map<String, Integer> users = new java.util.LinkedHashMap<>();
    for (dev.hermit.inspect.Hermeticity.Missing m : x.missing()) {
      users.merge(m.library(), 1, Integer::sum);
    }
    List<String> items = new ArrayList<>();
    users.forEach((lib, n) -> items.add(lib + " (" + n + (n == 1 ? " file)" : " files)")));
    if (!x.loader().startsWith("/")) {
      // the C library is the payload's: what the target must have is only what the app's programs need (protoc-jar's
      // protoc runs on the target's), not the bundled libraries' need of the bundled glibc
      String programs = x.natives().stream().filter(n -> n.loads() && n.library().binary().isProgram())
          .map(n -> n.library().binary().elf().minimumVersions().get("GLIBC")).filter(java.util.Objects::nonNull)
          .max(dev.hermit.binary.elf.MinimumVersions::compare).orElse(null);
      return "no: needs from the target " + String.join(", ", items)
          + (programs != null ? "; its programs need glibc >= " + programs : "");
    }
    String glibc = x.minimumVersions().get("GLIBC");
    return "no: needs from the target " + String.join(", ", items)
        + (glibc != null ? "; the target needs glibc >= " + glibc : "");
  }

  private static void rows(String key, Object value, List<String[]> rows) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        rows(key + "." + e.getKey(), e.getValue(), rows);
      }
    } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
      for (Object element : list) {
        List<String> parts = new ArrayList<>();
        if (element instanceof Map<?, ?> m) {
          for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            String v = String.valueOf(e.getValue());
            parts.add(k.equals("sha256") ? "sha256:" + v : k.equals("size") ? v + " bytes" : v);
          }
        } else {
          parts.add(String.valueOf(element));
        }
        rows.add(new String[] {key, String.join("  ", parts)});
      }
    } else if (value instanceof List<?> list && list.isEmpty()) {
      rows.add(new String[] {key, "(none)"});
    } else if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      // an element with a space is quoted as a shell would need it, so "-Da=b c" does not read as two options
      list.forEach(o -> parts.add(shellWord(String.valueOf(o))));
      rows.add(new String[] {key, String.join(" ", parts)});
    } else {
      rows.add(new String[] {key, String.valueOf(value)});
    }
  }

  private void elf(InspectReport report, ElfFile elf) {
    StringBuilder line = new StringBuilder(report.path() + ": ELF " + (elf.is64() ? "64" : "32") + "-bit "
        + (elf.order() == ByteOrder.LITTLE_ENDIAN ? "LSB" : "MSB") + " " + elf.kind() + ", " + elf.arch());
    if (!elf.arch().equals(elf.machine().name())) {
      line.append(" (").append(elf.machine().name()).append(')');
    }
    elf.abiDetails().ifPresent(a -> line.append(", ").append(a));
    if (elf.osAbi() != 0 && elf.osAbi() != 3) { // SYSV and GNU/Linux both run on Linux
      line.append(", OS ABI ").append(elf.osAbiName());
    }
    line.append(", ").append(elf.linkage());
    out.println(line);
    elf.dynamic().flatMap(d -> d.soname()).ifPresent(s -> out.println("\tsoname: " + s));
    elf.dynamic().ifPresent(d -> {
      if (!d.rpath().isEmpty()) {
        out.println("\trpath: " + String.join(":", d.rpath()));
      }
      if (!d.runpath().isEmpty()) {
        out.println("\trunpath: " + String.join(":", d.runpath()));
      }
    });
    Map<String, String> versions = elf.minimumVersions();
    if (!versions.isEmpty()) {
      List<String> parts = new ArrayList<>();
      versions.forEach((family, version) -> parts.add(family + " >= " + version));
      out.println("\trequires: " + String.join(", ", parts));
    }
    if (elf.linkage() == Linkage.STATIC) {
      out.println("\tnot a dynamic executable");
      return;
    }
    if (elf.linkage() == Linkage.STATIC_PIE) {
      out.println("\tstatically linked");
      return;
    }
    if (report.dependencies().isEmpty()) {
      elf.needed().forEach(n -> out.println("\t" + n));
      elf.interpreter().ifPresent(i -> out.println("\t" + i + " (interpreter)"));
      return;
    }
    DependencyGraph graph = report.dependencies().get();
    if (tree) {
      printTree(graph);
      return;
    }
    for (Dependency d : graph.flat()) {
      out.println("\t" + d.name() + " => " + d.path().map(Path::toString).orElse("not found"));
    }
    graph.interpreterName().ifPresent(name -> out.println("\t" + name + graph.interpreter()
        .map(p -> p.toString().equals(name) ? "" : " => " + p).orElse(" => not found") + " (interpreter)"));
  }

  private void printTree(DependencyGraph graph) {
    graph.interpreterName().ifPresent(name -> out.println("    interpreter => "
        + graph.interpreter().map(Path::toString).orElse(name + " => not found")));
    Set<Path> shown = new HashSet<>();
    graph.interpreter().ifPresent(shown::add);
    shown.add(graph.program().path());
    printChildren(graph, graph.program(), 1, shown);
  }

  private void printChildren(DependencyGraph graph, LoadedObject object, int depth, Set<Path> shown) {
    for (Dependency d : object.dependencies()) {
      if (d.path().isPresent() && !shown.add(d.path().get())) {
        continue;
      }
      out.println("    ".repeat(depth) + d.name() + " => " + d.path().map(Path::toString).orElse("not found"));
      if (d.path().isPresent()) {
        for (LoadedObject child : graph.objects()) {
          if (child.loader() == object && child.path().equals(d.path().get())) {
            printChildren(graph, child, depth + 1, shown);
          }
        }
      }
    }
  }

  private void pe(InspectReport report, PeFile pe) {
    out.println(report.path() + ": " + (pe.pe32Plus() ? "PE32+" : "PE32") + " " + pe.machine().arch()
        + (pe.machine().arch().equals(pe.machine().name()) ? "" : " (" + pe.machine().name() + ")") + ", "
        + pe.subsystem() + " " + (pe.dll() ? "DLL" : "executable"));
    for (String dll : pe.imports()) {
      out.println("\t" + dll + (PeFile.SystemDlls.isSystem(dll) ? " (system)" : ""));
    }
    for (String dll : pe.delayImports()) {
      out.println("\t" + dll + " (delay-loaded" + (PeFile.SystemDlls.isSystem(dll) ? ", system)" : ")"));
    }
    List<String> extra = pe.nonSystemImports();
    out.println("\t" + (extra.isEmpty() ? "only system DLLs" : "needs non-system DLLs: " + String.join(", ", extra)));
  }

  private void macho(InspectReport report) {
    if (report.macho().size() > 1 || report.format().name().equals("MACHO_UNIVERSAL")) {
      out.println(report.path() + ": Mach-O universal, " + report.macho().size() + " architecture"
          + (report.macho().size() == 1 ? "" : "s"));
    }
    for (MachOSlice slice : report.macho()) {
      MachOFile m = slice.file();
      StringBuilder line = new StringBuilder(report.macho().size() > 1
          || report.format().name().equals("MACHO_UNIVERSAL") ? "  " + m.cpu().arch() + ": "
          : report.path() + ": Mach-O " + m.cpu().arch() + " ");
      line.append(m.fileTypeName());
      m.minimumOs().ifPresent(os -> line.append(", ").append(os.platform()).append(" >= ").append(os.version()));
      line.append(m.codeSignature() ? ", signed" : ", not signed");
      out.println(line);
      m.dylinker().ifPresent(d -> out.println("\tdylinker: " + d));
      m.installName().ifPresent(d -> out.println("\tinstall name: " + d));
      for (MachOFile.Dylib d : m.dylibs()) {
        out.println("\t" + d.name() + (d.kind().equals("load") ? "" : " (" + d.kind() + ")")
            + " (compatibility " + d.compatibilityVersion() + ", current " + d.currentVersion() + ")");
      }
      for (String rpath : m.rpaths()) {
        out.println("\trpath: " + rpath);
      }
    }
  }

  private static String shellWord(String s) {
    return s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\'' || c == '"')
        ? "'" + s.replace("'", "'\\''") + "'" : s;
  }
}
