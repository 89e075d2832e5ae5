package dev.hermit.binary.elf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hermit.binary.BinaryFormatException;
import dev.hermit.binary.TestCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * hermit's ELF reader against GNU readelf, file by file: class, endianness, type, e_flags, interpreter, NEEDED,
 * SONAME, RPATH, RUNPATH, every needed symbol version, the static verdict and the minimum versions.
 *
 * <p>Deliberate differences (counted apart, never as agreement):
 * <ul>
 *   <li>separate debug-info files (their PT_DYNAMIC or PT_INTERP has no file bytes): readelf says "no dynamic
 *       section", hermit refuses the file, because "needs nothing" would be a false answer.</li>
 * </ul>
 */
class ElfAgreementTest {

  @Test
  void hostElfFilesAgreeWithReadelf() throws Exception {
    assumeTrue(TestCorpus.hasTool("readelf"), "SKIPPED: readelf (binutils) is not installed");
    compare("host /usr", TestCorpus.hostElfSample());
  }

  @Test
  void foreignArchCorpusAgreesWithReadelf() throws Exception {
    assumeTrue(TestCorpus.hasTool("readelf"), "SKIPPED: readelf (binutils) is not installed");
    Path dir = TestCorpus.requireCorpus("elf");
    List<Path> files = TestCorpus.withMagic(dir, new byte[] {0x7f, 'E', 'L', 'F'});
    assertTrue(files.size() > 100, "the foreign corpus should hold hundreds of ELF files, found " + files.size());
    compare("foreign-arch corpus", files);
  }

  private static void compare(String label, List<Path> files) throws Exception {
    Map<Path, ElfFacts> oracle = ReadelfOracle.facts(files);
    int agree = 0;
    int documented = 0;
    List<String> disagreements = new ArrayList<>();
    Map<String, Integer> byArch = new TreeMap<>();
    for (Path file : files) {
      ElfFacts expected = oracle.get(file);
      if (expected == null || expected.elfClass() == null) {
        disagreements.add(file + ": readelf gave no output");
        continue;
      }
      ElfFacts actual;
      try {
        ElfFile elf = ElfReader.read(file);
        byArch.merge(elf.arch(), 1, Integer::sum);
        actual = ElfFacts.of(elf);
      } catch (BinaryFormatException e) {
        if (e.getMessage().contains("has no bytes in the file") && expected.needed().isEmpty()) {
          documented++;
          continue;
        }
        disagreements.add(file + ": hermit failed: " + e.getMessage() + "; readelf: " + expected);
        continue;
      }
      if (actual.equals(expected)) {
        agree++;
      } else {
        disagreements.add(file + ":\n    hermit:  " + actual + "\n    readelf: " + expected);
      }
    }
    String figure = String.format("ELF agreement with readelf (%s): %d/%d files agree on every fact (%.2f%%),"
        + " %d documented differences (debug-info files), %d disagreements; by arch %s",
        label, agree, files.size() - documented, 100.0 * agree / Math.max(1, files.size() - documented),
        documented, disagreements.size(), byArch);
    System.out.println(figure);
    disagreements.stream().limit(20).forEach(System.out::println);
    assertTrue(disagreements.isEmpty(), figure + "\n" + String.join("\n", disagreements.subList(0,
        Math.min(10, disagreements.size()))));
  }
}
