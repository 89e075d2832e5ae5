package dev.hermit.binary.elf;

import dev.hermit.binary.TestCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs GNU readelf ({@code -W -h -l -d -V}) over many files and parses the facts hermit also reports. */
final class ReadelfOracle {
  private static final int BATCH = 64;
  private static final Pattern BRACKET = Pattern.compile("\\[(.*)\\]");
  private static final Pattern NEED_NAME = Pattern.compile("Name: (\\S+)\\s+Flags: (\\S+)");
  private static final Pattern NEED_FILE = Pattern.compile("File: (\\S+)\\s+Cnt:");

  private ReadelfOracle() {}

  static Map<Path, ElfFacts> facts(List<Path> files) throws IOException, InterruptedException {
    Map<Path, ElfFacts> result = new HashMap<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<Path> batch = files.subList(i, Math.min(files.size(), i + BATCH));
      List<String> command = new ArrayList<>(List.of("readelf", "-W", "-h", "-l", "-d", "-V"));
      batch.forEach(p -> command.add(p.toString()));
      String output = TestCorpus.run(command);
      Map<String, List<String>> byFile = split(output, batch);
      for (Path file : batch) {
        List<String> lines = byFile.get(file.toString());
        if (lines != null) {
          result.put(file, parse(lines));
        }
      }
    }
    return result;
  }

  private static Map<String, List<String>> split(String output, List<Path> batch) {
    Map<String, List<String>> byFile = new HashMap<>();
    List<String> current = null;
    if (batch.size() == 1) {
      current = new ArrayList<>();
      byFile.put(batch.get(0).toString(), current);
    }
    for (String line : output.split("\n")) {
      if (line.startsWith("File: ") && batch.size() > 1) {
        current = new ArrayList<>();
        byFile.put(line.substring(6), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return byFile;
  }

  private static ElfFacts parse(List<String> lines) {
    String elfClass = null;
    String endian = null;
    String type = null;
    long flags = 0;
    String interpreter = null;
    List<String> needed = new ArrayList<>();
    String soname = null;
    List<String> rpath = new ArrayList<>();
    List<String> runpath = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    List<VersionNeed> needs = new ArrayList<>();
    String section = "";
    String needFile = null;
    for (String line : lines) {
      String t = line.trim();
      if (t.startsWith("Class:")) {
        elfClass = t.substring(6).trim();
      } else if (t.startsWith("Data:")) {
        endian = t.contains("little") ? "little" : "big";
      } else if (t.startsWith("Type:") && type == null) {
        type = t.substring(5).trim().split("\\s+")[0];
      } else if (t.startsWith("Flags:") && section.isEmpty() && !line.startsWith(" 0x")) {
        flags = Long.decode(t.substring(6).trim().split("[,\\s]+")[0]);
      } else if (t.startsWith("[Requesting program interpreter:")) {
        interpreter = t.substring("[Requesting program interpreter:".length(), t.length() - 1).trim();
      } else if (t.contains("(NEEDED)")) {
        needed.add(bracket(t));
      } else if (t.contains("(SONAME)")) {
        soname = soname == null ? bracket(t) : soname;
      } else if (t.contains("(RPATH)")) {
        rpath.add(bracket(t));
      } else if (t.contains("(RUNPATH)")) {
        runpath.add(bracket(t));
      } else if (t.startsWith("Version needs section")) {
        section = "needs";
      } else if (t.startsWith("Version definition section") || t.startsWith("Version symbols section")) {
        section = "other";
      } else if (section.equals("needs")) {
        Matcher file = NEED_FILE.matcher(t);
        Matcher name = NEED_NAME.matcher(t);
        if (file.find()) {
          needFile = file.group(1);
          needs.add(new VersionNeed(needFile, List.of()));
        } else if (name.find() && needFile != null) {
          boolean weak = name.group(2).contains("WEAK");
          versions.add(needFile + ":" + name.group(1) + (weak ? "(weak)" : ""));
          VersionNeed last = needs.remove(needs.size() - 1);
          List<VersionNeed.Version> vs = new ArrayList<>(last.versions());
          vs.add(new VersionNeed.Version(name.group(1), weak ? VersionNeed.VER_FLG_WEAK : 0));
          needs.add(new VersionNeed(last.file(), vs));
        }
      }
    }
    boolean linked = "EXEC".equals(type) || "DYN".equals(type);
    boolean isStatic = linked && interpreter == null && needed.isEmpty();
    return new ElfFacts(elfClass, endian, type, flags, interpreter, needed, soname, rpath, runpath, versions,
        isStatic, new TreeMap<>(MinimumVersions.of(needs)));
  }

  private static String bracket(String line) {
    Matcher m = BRACKET.matcher(line);
    return m.find() ? m.group(1) : line;
  }
}
