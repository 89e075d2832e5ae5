package dev.hermit.binary;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.macho.MachOFile;
import dev.hermit.binary.macho.MachOReader;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import dev.hermit.binary.pe.PeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The PE and Mach-O readers against llvm-readobj and llvm-objdump over the corpus (clang-built and Go-built). */
class PeMachOAgreementTest {
  private static final Pattern HEX = Pattern.compile("\\((0x[0-9A-Fa-f]+)\\)");

  @Test
  void peFilesAgreeWithLlvmReadobj() throws Exception {
    assumeTrue(TestCorpus.hasTool("llvm-readobj"), "SKIPPED: llvm-readobj (apt: llvm) is not installed");
    List<Path> files = list(TestCorpus.requireCorpus("pe"));
    assertTrue(files.size() >= 4, "the PE corpus should hold the clang-built programs, found " + files);
    int agree = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path file : files) {
      String out = TestCorpus.run(List.of("llvm-readobj", "--file-headers", "--coff-imports", file.toString()));
      String expected = "machine=" + hex(out, "Machine:") + " subsystem=" + hex(out, "Subsystem:")
          + " imports=" + names(out, "Import {") + " delay=" + names(out, "DelayImport {");
      PeFile pe = PeReader.read(file);
      String actual = "machine=" + pe.machine().value() + " subsystem=" + pe.subsystem().value()
          + " imports=" + pe.imports() + " delay=" + pe.delayImports();
      if (actual.equals(expected)) {
        agree++;
      } else {
        disagreements.add(file + "\n    hermit:       " + actual + "\n    llvm-readobj: " + expected);
      }
    }
    report("PE agreement with llvm-readobj", agree, files.size(), disagreements);
  }

  @Test
  void machOFilesAgreeWithLlvmObjdump() throws Exception {
    assumeTrue(TestCorpus.hasTool("llvm-objdump"), "SKIPPED: llvm-objdump (apt: llvm) is not installed");
    List<Path> files = list(TestCorpus.requireCorpus("macho"));
    assertTrue(files.size() >= 2, "the Mach-O corpus should hold the clang-built programs, found " + files);
    int agree = 0;
    List<String> disagreements = new ArrayList<>();
    for (Path file : files) {
      String out = TestCorpus.run(
          List.of("llvm-objdump", "--macho", "--private-headers", "--arch=all", file.toString()));
      List<String> expected = objdumpSlices(out);
      List<String> actual = new ArrayList<>();
      for (MachOSlice slice : MachOReader.read(file)) {
        actual.add(describe(slice.file()));
      }
      if (actual.equals(expected)) {
        agree++;
      } else {
        disagreements.add(file + "\n    hermit:       " + actual + "\n    llvm-objdump: " + expected);
      }
    }
    report("Mach-O agreement with llvm-objdump", agree, files.size(), disagreements);
  }

  private static String describe(MachOFile m) {
    List<String> dylibs = new ArrayList<>();
    m.dylibs().forEach(d -> dylibs.add(d.name()));
    return "dylinker=" + m.dylinker().orElse(null) + " dylibs=" + dylibs + " rpaths=" + m.rpaths() + " minos="
        + m.minimumOs().map(MachOFile.MinimumOs::version).orElse(null) + " signed=" + m.codeSignature();
  }

  /** One description per architecture, in file order, from {@code llvm-objdump --macho --private-headers}. */
  private static List<String> objdumpSlices(String out) {
    List<String> slices = new ArrayList<>();
    String[] lines = out.split("\n");
    String dylinker = null;
    List<String> dylibs = new ArrayList<>();
    List<String> rpaths = new ArrayList<>();
    String minos = null;
    boolean signed = false;
    String cmd = "";
    boolean any = false;
    for (String raw : lines) {
      String t = raw.trim();
      if (t.contains("(architecture ") && t.endsWith("):")) {
        if (any) {
          slices.add(format(dylinker, dylibs, rpaths, minos, signed));
        }
        dylinker = null;
        dylibs = new ArrayList<>();
        rpaths = new ArrayList<>();
        minos = null;
        signed = false;
        any = true;
        continue;
      }
      any = true;
      if (t.startsWith("cmd ")) {
        cmd = t.substring(4).trim();
        if (cmd.equals("LC_CODE_SIGNATURE")) {
          signed = true;
        }
      } else if (t.startsWith("name ") && cmd.equals("LC_LOAD_DYLINKER")) {
        dylinker = strip(t.substring(5));
      } else if (t.startsWith("name ") && cmd.matches("LC_(LOAD|LOAD_WEAK|REEXPORT|LAZY_LOAD|LOAD_UPWARD)_DYLIB")) {
        dylibs.add(strip(t.substring(5)));
      } else if (t.startsWith("path ") && cmd.equals("LC_RPATH")) {
        rpaths.add(strip(t.substring(5)));
      } else if (t.startsWith("minos ") && cmd.equals("LC_BUILD_VERSION")) {
        minos = t.substring(6).trim();
      } else if (t.startsWith("version ") && cmd.startsWith("LC_VERSION_MIN_") && minos == null) {
        minos = t.substring(8).trim();
      }
    }
    if (any) {
      slices.add(format(dylinker, dylibs, rpaths, minos, signed));
    }
    return slices;
  }

  private static String format(String dylinker, List<String> dylibs, List<String> rpaths, String minos,
      boolean signed) {
    return "dylinker=" + dylinker + " dylibs=" + dylibs + " rpaths=" + rpaths + " minos=" + minos + " signed="
        + signed;
  }

  private static String strip(String nameWithOffset) {
    int at = nameWithOffset.lastIndexOf(" (offset ");
    return at < 0 ? nameWithOffset.trim() : nameWithOffset.substring(0, at).trim();
  }

  private static long hex(String out, String key) {
    for (String line : out.split("\n")) {
      if (line.trim().startsWith(key)) {
        Matcher m = HEX.matcher(line);
        if (m.find()) {
          return Long.decode(m.group(1));
        }
      }
    }
    return -1;
  }

  private static List<String> names(String out, String block) {
    List<String> names = new ArrayList<>();
    String[] lines = out.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].equals(block) && lines[i + 1].trim().startsWith("Name: ")) {
        names.add(lines[i + 1].trim().substring(6));
      }
    }
    return names;
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void report(String label, int agree, int total, List<String> disagreements) {
    String figure = String.format("%s: %d/%d files agree (%.1f%%), %d disagreements", label, agree, total,
        100.0 * agree / Math.max(1, total), disagreements.size());
    System.out.println(figure);
    disagreements.forEach(System.out::println);
    assertTrue(disagreements.isEmpty(), figure + "\n" + String.join("\n", disagreements));
  }
}
