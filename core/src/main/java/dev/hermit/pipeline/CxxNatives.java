package dev.hermit.pipeline;

import dev.hermit.app.NativeScan;
import dev.hermit.binary.elf.DynamicNames;
import dev.hermit.binary.elf.ElfReader;
import dev.hermit.inspect.LibraryResolver;
import dev.hermit.jdk.JLink;
import dev.hermit.launcher.Launchers;
import dev.hermit.libc.CxxRuntime;
import dev.hermit.libc.LibcMode;
import dev.hermit.libc.LibraryClosure;
import dev.hermit.platform.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An app whose natives are C++ gets the real libstdc++ loaded with the JVM, as under {@code java}, where libjvm.so
 * brings it into the process before any JNI library: hermit's C++ runtime then comes in the build that needs
 * libstdc++.so.6, which is bundled. Without it such a library binds its exported copies of libstdc++'s code (a
 * static link of an older GCC's) to themselves instead of to the JVM's libstdc++: RocksDB's std::random_device
 * then reads /dev/urandom, absent in an empty root, where under java libstdc++ 12's uses the CPU's instructions.
 */
final class CxxNatives {
  private CxxNatives() {}

  static RuntimeTree add(List<AppNatives.Located> loaded, RuntimeTree runtime, Path image, Path sysroot,
      Target target, BuildListener listener) throws IOException {
    if (runtime.mode() != LibcMode.BUNDLED || !Files.isRegularFile(image.resolve(CxxRuntime.IN_IMAGE))) {
      return runtime; // the JDK's libraries use libstdc++ as they are
    }
    Map<String, Path> bundled = runtime.libraries().libraries();
    String why = bundled.containsKey(DynamicNames.STDCXX) ? "a bundled library needs it" : null;
    for (int i = 0; why == null && i < loaded.size(); i++) {
      AppNatives.Located l = loaded.get(i);
      if (CxxRuntime.isCxx(NativeScan.read(l.element(), l.library().path()))) {
        why = "the app's " + l.library().fileName() + " is C++";
      }
    }
    if (why == null) {
      return runtime;
    }
    Map<String, Path> more = new TreeMap<>();
    if (!bundled.containsKey(DynamicNames.STDCXX)) {
      Path root = sysroot != null ? sysroot : Path.of("/");
      Optional<Path> stdcxx = new LibraryResolver(root).findLibrary(DynamicNames.STDCXX,
          ElfReader.read(JLink.libjvm(image)));
      if (stdcxx.isEmpty()) {
        listener.warn("the app's natives are C++ (" + why + ") but " + root + " has no " + DynamicNames.STDCXX
            + ": they run with their own copies of its code, not the JVM's as under java");
        return runtime;
      }
      LibraryClosure c = LibraryClosure.of(root, List.of(ElfReader.read(stdcxx.get().toRealPath())),
          List.of(DynamicNames.STDCXX), runtime.libraries().answered(image));
      more.put(DynamicNames.STDCXX, stdcxx.get());
      more.putAll(c.found());
    }
    listener.detail("libstdc++ loads with the JVM, as under java: " + why);
    return runtime.withLibraries(more).withCxxRuntime(Launchers.cxxRuntime(target, true));
  }
}
