package dev.hermit.app;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code module-info.class} declares: the names in its Module attribute's requires table (JVMS 4.7.25)
 * that a run needs (not {@code requires static}), and whether it exports a package to everyone;
 * bytes that are no module declaration give none. And the modules {@code java -p} finds in jars.
 */
final class ModuleInfo {
  private ModuleInfo() {}

  private static final int ACC_STATIC_PHASE = 0x0040;

  static List<String> requires(byte[] bytes) {
    try {
      List<String> names = read(ByteBuffer.wrap(bytes), null);
      return names.isEmpty() ? names : names.subList(1, names.size());
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return List.of();
    }
  }

  /**
   * Whether the module exports a package to everyone: java resolves such a system module for an app on the class
   * path by itself (it is a default root); one that exports only to named modules (jdk.internal.jvmstat) is
   * resolved only when a resolved module requires it, or when --add-modules names it.
   */
  static boolean exportsToAll(byte[] bytes) {
    boolean[] toAll = new boolean[1];
    try {
      read(ByteBuffer.wrap(bytes), toAll);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return false;
    }
    return toAll[0];
  }

  /**
   * The modules {@code java -p} finds in these entries: declared by a module-info.class (a multi-release jar's
   * too), and automatic ones (a plain jar's Automatic-Module-Name, else the name java derives from its file name).
   * An entry java could not take as a module is skipped.
   */
  static java.util.Set<String> declared(List<java.nio.file.Path> entries) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (java.nio.file.Path entry : entries) {
      try {
        for (java.lang.module.ModuleReference m : java.lang.module.ModuleFinder.of(entry).findAll()) {
          out.add(m.descriptor().name());
        }
      } catch (java.lang.module.FindException | SecurityException e) {
        // not a module java could use either
      }
    }
    return out;
  }

  /** The module's name and what it requires; {@code toAll}, when given, says whether it exports to everyone. */
  private static List<String> read(ByteBuffer b, boolean[] toAll) {
    if (b.getInt() != 0xCAFEBABE) {
      return List.of();
    }
    b.getInt(); // minor, major
    int count = Short.toUnsignedInt(b.getShort());
    String[] utf8 = new String[count];
    int[] moduleName = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = b.get() & 0xff;
      switch (tag) {
        case 1 -> {
          byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
          b.get(s);
          utf8[i] = ClassFile.modifiedUtf8(s);
        }
        case 19 -> moduleName[i] = Short.toUnsignedInt(b.getShort());
        case 7, 8, 16, 20 -> b.getShort();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> b.getInt();
        case 5, 6 -> {
          b.getLong();
          i++;
        }
        case 15 -> {
          b.get();
          b.getShort();
        }
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      }
    }
    b.position(b.position() + 6); // access flags, this_class, super_class
    skip(b, 2 * Short.toUnsignedInt(b.getShort())); // interfaces
    for (int members = 0; members < 2; members++) { // fields, methods: none in a module declaration, but allowed
      int n = Short.toUnsignedInt(b.getShort());
      for (int i = 0; i < n; i++) {
        b.position(b.position() + 6);
        ClassFile.skipAttributes(b);
      }
    }
    int attributes = Short.toUnsignedInt(b.getShort());
    for (int a = 0; a < attributes; a++) {
      String name = utf8[Short.toUnsignedInt(b.getShort())];
      int length = b.getInt();
      if (!"Module".equals(name)) {
        skip(b, length);
        continue;
      }
      int self = Short.toUnsignedInt(b.getShort());
      b.position(b.position() + 4); // module_flags, module_version_index
      int n = Short.toUnsignedInt(b.getShort());
      List<String> out = new ArrayList<>();
      out.add(self < count ? utf8[moduleName[self]] : null); // the module's own name first
      for (int i = 0; i < n; i++) {
        int module = Short.toUnsignedInt(b.getShort());
        int flags = Short.toUnsignedInt(b.getShort());
        b.getShort(); // requires_version_index
        String required = module < count ? utf8[moduleName[module]] : null;
        // "requires static" (ACC_STATIC_PHASE) is for compiling only: java resolves it only when another module
        // needs it (an annotations jar's java.desktop brought the AWT libraries and fonts into a 20 MB client)
        if (required != null && (flags & ACC_STATIC_PHASE) == 0) {
          out.add(required);
        }
      }
      if (toAll != null) {
        int exports = Short.toUnsignedInt(b.getShort());
        for (int i = 0; i < exports; i++) {
          b.getInt(); // exports_index, exports_flags
          int to = Short.toUnsignedInt(b.getShort());
          toAll[0] |= to == 0;
          skip(b, 2 * to);
        }
      }
      return out;
    }
    return List.of();
  }

  private static void skip(ByteBuffer b, int n) {
    b.position(b.position() + n);
  }
}
