package dev.hermit.binary.pe;

import java.util.ArrayList;
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

  /** A small table of DLLs every Windows installation has; anything else must ship with the program. */
  public static final class SystemDlls {
    private static final Set<String> NAMES = Set.of("advapi32.dll", "bcrypt.dll", "bcryptprimitives.dll",
        "cfgmgr32.dll", "comctl32.dll", "comdlg32.dll", "crypt32.dll", "dbghelp.dll", "dnsapi.dll", "dwmapi.dll",
        "gdi32.dll", "gdiplus.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll", "kernelbase.dll", "mpr.dll",
        "msvcrt.dll", "mswsock.dll", "ncrypt.dll", "netapi32.dll", "normaliz.dll", "ntdll.dll", "ole32.dll",
        "oleaut32.dll", "powrprof.dll", "psapi.dll", "rpcrt4.dll", "secur32.dll", "setupapi.dll", "shell32.dll",
        "shlwapi.dll", "ucrtbase.dll", "user32.dll", "userenv.dll", "uxtheme.dll", "version.dll", "winhttp.dll",
        "wininet.dll", "winmm.dll", "winspool.drv", "ws2_32.dll", "wsock32.dll", "wtsapi32.dll", "synchronization.dll",
        "opengl32.dll", "d3d11.dll", "dxgi.dll", "wintrust.dll", "credui.dll", "sspicli.dll");

    private SystemDlls() {}

    public static boolean isSystem(String dll) {
      String name = dll.toLowerCase(Locale.ROOT);
      return NAMES.contains(name) || name.startsWith("api-ms-win-") || name.startsWith("ext-ms-");
    }
  }
}
