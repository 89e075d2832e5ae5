package dev.hermit.binary.pe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The facts about a PE image that matter for running it: machine, subsystem and the DLLs it imports. */
public record PeFile(
    PeMachine machine,
    boolean pe32Plus,
    PeSubsystem subsystem,
    int characteristics,
    List<String> imports,
    List<String> delayImports) {
  private static final int IMAGE_FILE_DLL = 0x2000;

  public PeFile {
    imports = List.copyOf(imports);
    delayImports = List.copyOf(delayImports);
  }

  public boolean dll() {
    return (characteristics & IMAGE_FILE_DLL) != 0;
  }

  /** Every DLL named by the import and delay-import tables, once each, in table order. */
  public List<String> allImports() {
    Set<String> all = new LinkedHashSet<>(imports);
    all.addAll(delayImports);
    return new ArrayList<>(all);
  }

  /** DLLs that are not part of Windows itself (they must ship with the program). */
  public List<String> nonSystemImports() {
    List<String> result = new ArrayList<>();
    for (String dll : allImports()) {
      if (!SystemDlls.isSystem(dll)) {
        result.add(dll);
      }
    }
    return result;
  }

  /**
   * The modules every Windows 10 and 11 install has (listed, grouped and explained in
   * {@code windows-system-dlls.txt} beside this class), and the API sets; anything else must ship with the program.
   */
  public static final class SystemDlls {
    private static final String LIST = "windows-system-dlls.txt";
    private static final Set<String> NAMES = load();

    private SystemDlls() {}

    public static boolean isSystem(String dll) {
      String name = dll.toLowerCase(Locale.ROOT);
      return NAMES.contains(name) || name.startsWith("api-ms-win-") || name.startsWith("ext-ms-");
    }

    /** The listed names, in lower case. */
    public static Set<String> names() {
      return NAMES;
    }

    private static Set<String> load() {
      try (InputStream in = SystemDlls.class.getResourceAsStream(LIST)) {
        if (in == null) {
          throw new IllegalStateException("hermit is damaged: " + LIST + " is missing from its jar");
        }
        Set<String> names = new HashSet<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          for (String name : line.replaceFirst("#.*", "").trim().split("\\s+")) {
            if (!name.isEmpty()) {
              names.add(name.toLowerCase(Locale.ROOT));
            }
          }
        }
        return Set.copyOf(names);
      } catch (IOException e) {
        throw new UncheckedIOException("hermit is damaged: cannot read " + LIST, e);
      }
    }
  }
}
