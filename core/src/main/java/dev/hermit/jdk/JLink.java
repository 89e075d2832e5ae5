package dev.hermit.jdk;

import dev.hermit.JdkException;
import dev.hermit.HermitException;
import dev.hermit.InputException;
import dev.hermit.Setting;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.platform.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.spi.ToolProvider;

/**
 * Links a runtime image with jlink. In-process (ToolProvider) whenever the running JDK can link the given JDK's
 * modules, otherwise through that JDK's own {@code bin/jlink}. jlink's compression stays off: the payload codec
 * compresses the raw image better (docs/CODEC.md).
 */
public final class JLink {
  private JLink() {}

  /**
   * A jlink to run instead of the one {@link #link} would pick: a JDK of the runtime's feature version for this
   * host that cannot start on its own here, such as Debian trixie's (built against glibc 2.38+, newer than the
   * host's), started through the dynamic loader and C library of its own sysroot as hermit's outputs start.
   *
   * @param command the program and the arguments before jlink's own
   * @param description what it is, for messages and the jlink cache's key
   */
  public record Tool(List<String> command, String description) {
    /** {@code jdk}'s bin/jlink through the loader its ELF header names, resolved inside {@code sysroot}. */
    public static Tool throughLoader(Path jdk, Path sysroot) {
      return throughLoader(jdk, sysroot, "jlink");
    }

    /** {@code jdk}'s bin/TOOL (jlink, javac) through the loader its ELF header names, resolved inside {@code sysroot}. */
    public static Tool throughLoader(Path jdk, Path sysroot, String tool) {
      Path exe = jdk.resolve("bin").resolve(tool);
      try {
        String interp = ElfReader.read(exe).interpreter().orElseThrow(() -> new HermitException(exe
            + " names no dynamic loader"));
        Path root = sysroot.toRealPath();
        Path loader = root.resolve(interp.replaceFirst("^/+", "")).toRealPath();
        if (!loader.startsWith(root)) {
          throw new HermitException("the loader " + interp + " of " + exe + " leads out of " + sysroot);
        }
        String path = String.join(":", loader.getParent().toString(), jdk.resolve("lib").toString(),
            jdk.resolve("lib/server").toString());
        return new Tool(List.of(loader.toString(), "--library-path", path, exe.toString()),
            exe + " through " + loader);
      } catch (IOException e) {
        throw new HermitException("cannot start the " + tool + " of " + jdk + ": " + e.getMessage());
      }
    }
  }

  /**
   * @param cds also dump a class-data-sharing archive (start-up about 28 % faster for hello, 3 MB larger): jlink
   *     runs the linked JVM to dump it, so only for the host's platform (the caller checks)
   */
  public static void link(Jdk jdk, Target target, Collection<String> modules, Path output, boolean cds) {
    link(jdk, target, modules, List.of(), output, cds, null);
  }

  /**
   * @param locales patterns for jlink's {@code --include-locales} (jdk.localedata cut to them), or empty
   * @param tool the jlink to run; null: the running JDK's when it is of the JDK's version, else the JDK's own
   */
  public static void link(Jdk jdk, Target target, Collection<String> modules, List<String> locales, Path output,
      boolean cds, Tool tool) {
    link(jdk, target, modules, locales, output, cds, tool, false);
  }

  /**
   * @param lineNumbers keep the JDK classes' line numbers and source file names (stack traces then read
   *     {@code Integer.java:668}, as under a JDK, for about 2 MB more packed); else they are stripped
   */
  public static void link(Jdk jdk, Target target, Collection<String> modules, List<String> locales, Path output,
      boolean cds, Tool tool, boolean lineNumbers) {
    List<String> args = new ArrayList<>();
    if (jdk.hasJmods()) {
      args.addAll(List.of("--module-path", jdk.jmods().toString()));
    }
    args.addAll(List.of("--add-modules", String.join(",", modules),
        "--output", output.toString(),
        "--no-header-files", "--no-man-pages",
        // lib/modules is written in this byte order; jlink's default is the host's, wrong for s390x from amd64
        "--endian", target.bigEndian() ? "big" : "little",
        // Debian's Java 25 jmods carry each native library's separate debug info (libjvm.debuginfo: 735 MB)
        "--exclude-files=**.debuginfo"));
    if (!locales.isEmpty()) {
      args.add("--include-locales=" + String.join(",", locales));
    }
    if (!lineNumbers) {
      // Not --strip-debug: it runs objcopy over foreign natives and fails (FIELD-NOTES §3).
      args.add("--strip-java-debug-attributes");
    }
    if (cds) {
      args.add("--generate-cds-archive");
    }

    // With --cds, jlink runs the linked JVM to dump the archive and that JVM writes warnings to this process's
    // own stdout: run jlink as a child instead, so its output is captured like any other.
    // jlink always runs as a child of its own: in-process, lib/modules would hold the method-handle classes that
    // hermit's JVM happened to spin before (generate-jli-classes copies them), and builds would differ with load
    // and history (a long-lived Maven daemon, or a busy machine). A same-version JDK's jmods are linked by the
    // running JDK's jlink, which also links other platforms' jmods.
    Path running = Path.of(System.getProperty("java.home"), "bin", "jlink");
    boolean hostJlink = jdk.hasJmods() ? jdk.featureVersion() == Runtime.version().feature() : jdk.isRunning();
    Result r = tool != null ? run(tool.command(), args)
        : hostJlink && !Files.isExecutable(running) ? runInProcess(args)
        : runJlinkOf(jdk, hostJlink ? running : jdk.home().resolve("bin/jlink"), args);
    if (r.code != 0) {
      String why = r.output.strip();
      if (!jdk.hasJmods()) {
        throw new JdkException("cannot link a runtime from " + jdk.home() + ": it has no jmods directory"
            + (why.isEmpty() ? "" : " and jlink says: " + firstLine(why))
            + ". Use a JDK that ships jmods (Debian: openjdk-17-jdk-headless; Temurin 24+ ships none)", jdk.home());
      }
      if (why.contains("No matching locales found")) { // jlink: No matching locales found for "xx". ...
        throw new InputException("no locale of the JDK matches " + String.join(",", locales) + " (jlink: "
            + firstLine(why).replaceFirst("^Error: ", "") + ")", Setting.LOCALES, String.join(",", locales));
      }
      if (why.contains("No space left on device")) { // jlink's words name no place: the runtime's is said
        throw new HermitException("no space left on device for the linked runtime in " + output.getParent()
            + " (the build's scratch directory, in java.io.tmpdir): free space there, or give hermit's JVM another, "
            + "e.g. JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR (jlink: " + firstLine(why) + ")");
      }
      throw new HermitException("jlink failed (exit " + r.code + "): " + firstLine(why));
    }
    checkPlatform(output, target, jdk);
    if (cds) {
      // The second archive only serves heaps of 32 GB and more (no compressed oops); such JVMs run without CDS.
      try {
        Files.deleteIfExists(output.resolve("lib/server/classes_nocoops.jsa"));
      } catch (IOException e) {
        throw new HermitException("cannot trim the CDS archives: " + e.getMessage());
      }
    }
  }

  /** jlink of a JDK without jmods links the JDK it runs on, whatever was asked: check what came out. */
  private static void checkPlatform(Path image, Target target, Jdk jdk) {
    int machine = elfMachine(libjvm(image));
    if (machine != target.elfMachine()) {
      throw new JdkException("jlink produced a runtime for the wrong platform (ELF machine " + machine
          + ", wanted " + target.id() + ") from " + jdk.home(), jdk.home());
    }
  }

  /** The VMs a JDK may ship, in the order {@code java} prefers them (Debian's i386 JDK has server and client). */
  public static final List<String> VMS = List.of("server", "client", "zero", "minimal");

  /**
   * A runtime image's JVM: the first of {@link #VMS} it has (Debian trixie's armhf Java 25 has only Zero, an
   * interpreter); the server VM's path when it has none.
   */
  public static Path libjvm(Path image) {
    return VMS.stream().map(vm -> image.resolve("lib/" + vm + "/libjvm.so")).filter(Files::isRegularFile).findFirst()
        .orElse(image.resolve("lib/server/libjvm.so"));
  }

  /**
   * A warning for a runtime whose JVM is Zero, an interpreter with no JIT compiler (Debian trixie's only VM for
   * armhf and i386 Java 25): it runs, many times slower than a server VM would.
   */
  public static Optional<String> zeroVmWarning(Path image, Target target, Jdk jdk) {
    if (!libjvm(image).getParent().getFileName().toString().equals("zero")) {
      return Optional.empty();
    }
    return Optional.of("the runtime's JVM is the Zero VM of " + jdk.runtimeVersion() + " for " + target.id()
        + ", an interpreter with no JIT compiler: the app runs, many times slower than on a server VM"
        + (List.of("linux/arm/v7", "linux/386").contains(target.id()) ? " (Debian's Java 17 and 21 for "
        + target.id() + " have one: --java 21)" : " (a JDK with one: --jdk)"));
  }

  public static int elfMachine(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] h = in.readNBytes(20);
      if (h.length < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
        return -1;
      }
      boolean little = h[5] == 1;
      return little ? (h[18] & 0xff) | (h[19] & 0xff) << 8 : (h[19] & 0xff) | (h[18] & 0xff) << 8;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Options for the JVM running jlink (its launcher's -J). */
  static final List<String> JVM_OPTIONS = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

  private record Result(int code, String output) {}

  private static Result runInProcess(List<String> args) {
    ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new HermitException(
        "the Java runtime running hermit has no jlink (module jdk.jlink); run hermit on a full JDK"));
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      int code = jlink.run(w, w, args.toArray(String[]::new));
      w.flush();
      return new Result(code, out.toString());
    }
  }

  private static Result runJlinkOf(Jdk jdk, Path exe, List<String> args) {
    if (!Files.isExecutable(exe)) {
      if (!jdk.hasJmods()) {
        throw new JdkException("cannot link a runtime from " + jdk.home() + ": it has no jmods directory and no "
            + "bin/jlink to link itself with. Use a JDK that ships jmods (Debian: openjdk-17-jdk-headless)",
            jdk.home());
      }
      throw new JdkException("cannot link " + jdk + ": it is Java " + jdk.featureVersion() + ", hermit runs on Java "
          + Runtime.version().feature() + ", and it has no runnable bin/jlink. Run hermit on a Java "
          + jdk.featureVersion() + " JDK", jdk.home());
    }
    return run(List.of(exe.toString()), args);
  }

  private static Result run(List<String> tool, List<String> args) {
    List<String> command = new ArrayList<>(tool);
    // jlink is a short run: C2's compilations cost more CPU than they save (a 9-module link: 12.8 s of CPU, 5.8
    // with C1 alone; bench/RESULTS.md), and a parallel GC's threads buy nothing. The image is byte-identical.
    command.addAll(JVM_OPTIONS);
    command.addAll(args);
    Path exe = Path.of(tool.get(tool.size() - 1));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      // A fixed environment: no options injected into the child JVM, one time zone (generated classes vary with it).
      // No LD_LIBRARY_PATH either: naming the JVM's directory there makes the java launcher re-exec itself.
      pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
          "LD_LIBRARY_PATH", "LD_PRELOAD"));
      pb.environment().put("TZ", "UTC");
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      dev.hermit.StopCleanup.started(p); // it writes the runtime into the build's scratch tree
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        return new Result(p.waitFor(), out.toString(StandardCharsets.UTF_8));
      } finally {
        dev.hermit.StopCleanup.ended(p);
      }
    } catch (IOException e) {
      throw new HermitException("cannot run " + exe + " (is it a JDK for another platform?): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HermitException("interrupted while running jlink");
    }
  }

  private static String firstLine(String s) {
    for (String line : s.split("\n")) {
      if (!line.isBlank() && !line.startsWith("WARNING")) {
        return line.strip();
      }
    }
    return s.isBlank() ? "(no output)" : s.strip();
  }
}
