package dev.hermit.pipeline;

import dev.hermit.jdk.JLinkCache;
import dev.hermit.libc.CxxRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a build changes in a freshly linked runtime, which the jlink cache then keeps so (its key names each change):
 * the natives' static symbol tables taken out ({@link StripSymbols}), and for a runtime that carries its C library,
 * the JDK's libraries moved from libstdc++ to hermit's C++ runtime ({@link CxxRuntime}).
 */
final class RuntimeFinish implements JLinkCache.Finish {
  private final boolean strip;
  private final byte[] cxxRuntime;

  private RuntimeFinish(boolean strip, byte[] cxxRuntime) {
    this.strip = strip;
    this.cxxRuntime = cxxRuntime;
  }

  /** @param cxxRuntime hermit's C++ runtime for the target, or null to keep libstdc++; null when nothing changes */
  static JLinkCache.Finish of(boolean strip, byte[] cxxRuntime) {
    return strip || cxxRuntime != null ? new RuntimeFinish(strip, cxxRuntime) : null;
  }

  @Override
  public String name() {
    List<String> parts = new ArrayList<>();
    if (strip) {
      parts.add(StripSymbols.FINISH.name());
    }
    if (cxxRuntime != null) {
      // the runtime's own bytes in the key: a hermit with another build of it links afresh
      parts.add("C++ runtime " + CxxRuntime.SONAME + " " + sha256(cxxRuntime).substring(0, 16));
    }
    return String.join("; ", parts);
  }

  /** Returns the bytes the strip saved (the build's report says so); the C++ runtime's show in the image. */
  @Override
  public long apply(Path image) throws IOException {
    long saved = strip ? StripSymbols.FINISH.apply(image) : 0;
    if (cxxRuntime != null) {
      CxxRuntime.inImage(image, cxxRuntime);
    }
    return saved;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
