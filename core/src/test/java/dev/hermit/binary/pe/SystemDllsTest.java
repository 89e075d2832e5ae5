package dev.hermit.binary.pe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which DLLs a Windows program may import without shipping them ({@code --require system-libs}). */
class SystemDllsTest {
  /**
   * combase.dll, and DLLs that wine's PE files import, were flagged as "must ship" though every Windows 10 and 11
   * install has them; the Visual C++ runtime and the debug CRT must stay non-system, as a program ships them.
   */
  @Test
  void windowsOwnModulesAreSystemAndTheVisualCppRuntimeIsNot() {
    List<String> flagged = new ArrayList<>();
    for (String dll : List.of("combase.dll", "mfplat.dll", "propsys.dll", "d3dcompiler_47.dll", "mfreadwrite.dll",
        "urlmon.dll", "hid.dll", "win32u.dll", "dsound.dll", "msvfw32.dll", "ddraw.dll", "msacm32.dll", "xmllite.dll",
        "cabinet.dll", "msdmo.dll", "msi.dll", "oleacc.dll", "d3d9.dll", "windowscodecs.dll", "mf.dll",
        "d3d10_1.dll", "sechost.dll", "dinput8.dll", "shcore.dll", "d3d10core.dll", "usp10.dll", "nsi.dll",
        "imagehlp.dll", "dxva2.dll", "riched20.dll", "odbc32.dll", "ntoskrnl.exe", "hal.dll", "KERNEL32.dll",
        "WINSPOOL.DRV", "api-ms-win-crt-runtime-l1-1-0.dll", "ext-ms-win-ntuser-window-l1-1-0.dll")) {
      if (!PeFile.SystemDlls.isSystem(dll)) {
        flagged.add(dll);
      }
    }
    assertEquals(List.of(), flagged, "Windows' own, flagged as not");
    for (String dll : List.of("VCRUNTIME140.dll", "VCRUNTIME140_1.dll", "MSVCP140.dll", "msvcp140_1.dll",
        "ucrtbased.dll", "vcruntime140d.dll", "MSVCR120.dll", "mfc140u.dll", "concrt140.dll", "vcomp140.dll",
        "d3dx9_43.dll", "xinput1_3.dll", "libfoo.dll")) {
      assertTrue(!PeFile.SystemDlls.isSystem(dll), dll + " must ship with the program");
    }
  }

  @Test
  void theListHoldsModuleNamesOnly() {
    assertTrue(PeFile.SystemDlls.names().size() > 150, "the list was read: " + PeFile.SystemDlls.names().size());
    for (String name : PeFile.SystemDlls.names()) {
      assertTrue(name.matches("[a-z0-9_]+\\.(dll|drv|exe|sys)"), name);
    }
  }
}
