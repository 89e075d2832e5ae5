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
  /** ModuleResolution's flag for a module java leaves out of its default roots (the incubator modules). */
  private static final int DO_NOT_RESOLVE_BY_DEFAULT = 0x0001;

  /**
   * A module declaration as java's resolution reads it: the modules a run needs, whether it exports a package to
   * everyone, the services it uses and provides (internal names), and whether java leaves it out of its default
   * roots (ModuleResolution's DO_NOT_RESOLVE_BY_DEFAULT).
   */
  record Declaration(String name, List<String> requires, boolean exportsToAll, List<String> uses,
      List<String> provides, boolean notResolvedByDefault) {}

  /** The declaration in these bytes; null when they hold none. */
  static Declaration declaration(byte[] bytes) {
    try {
      Declaration d = parse(ByteBuffer.wrap(bytes));
      return d == null || d.name() == null ? null : d;
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  static List<String> requires(byte[] bytes) {
    Declaration d = declaration(bytes);
    return d == null ? List.of() : d.requires();
  }

  /**
   * Whether the module exports a package to everyone: java resolves such a system module for an app on the class
   * path by itself (it is a default root); one that exports only to named modules (jdk.internal.jvmstat) is
   * resolved only when a resolved module requires it, or when --add-modules names it.
   */
  static boolean exportsToAll(byte[] bytes) {
    Declaration d = declaration(bytes);
    return d != null && d.exportsToAll();
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
        // Not one this JDK's finder takes: a module-info compiled for a newer Java (21) than the one hermit runs on
        // (17) is still the module a runtime of that Java runs ("no jar of the class path is module m" before)
        String newer = declaredName(entry);
        if (newer != null) {
          out.add(newer);
        }
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern VERSIONED_INFO =
      java.util.regex.Pattern.compile("META-INF/versions/([0-9]+)/module-info\\.class");

  /** The name a module-info.class of this jar or directory declares (a multi-release jar's newest), or null. */
  private static String declaredName(java.nio.file.Path entry) {
    try {
      byte[] info = null;
      if (java.nio.file.Files.isDirectory(entry)) {
        java.nio.file.Path f = entry.resolve("module-info.class");
        info = java.nio.file.Files.isRegularFile(f) ? java.nio.file.Files.readAllBytes(f) : null;
      } else if (java.nio.file.Files.isRegularFile(entry)) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(entry.toFile())) {
          java.util.zip.ZipEntry e = zip.getEntry("module-info.class");
          int newest = -1;
          for (java.util.Enumeration<? extends java.util.zip.ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            java.util.zip.ZipEntry z = all.nextElement();
            java.util.regex.Matcher m = VERSIONED_INFO.matcher(z.getName());
            if (m.matches() && Integer.parseInt(m.group(1)) > newest) {
              newest = Integer.parseInt(m.group(1));
              e = z;
            }
          }
          if (e != null) {
            try (java.io.InputStream in = zip.getInputStream(e)) {
              info = in.readAllBytes();
            }
          }
        }
      }
      Declaration d = info == null ? null : declaration(info);
      return d == null ? null : d.name();
    } catch (java.io.IOException | NumberFormatException e) {
      return null;
    }
  }

  /** The Module attribute and ModuleResolution of a class file; null when it has no Module attribute. */
  private static Declaration parse(ByteBuffer b) {
    if (b.getInt() != 0xCAFEBABE) {
      return null;
    }
    b.getInt(); // minor, major
    int count = Short.toUnsignedInt(b.getShort());
    String[] utf8 = new String[count];
    int[] named = new int[count]; // CONSTANT_Module and CONSTANT_Class: the index of their name
    for (int i = 1; i < count; i++) {
      int tag = b.get() & 0xff;
      switch (tag) {
        case 1 -> {
          byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
          b.get(s);
          utf8[i] = ClassFile.modifiedUtf8(s);
        }
        case 7, 19 -> named[i] = Short.toUnsignedInt(b.getShort());
        case 8, 16, 20 -> b.getShort();
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
    java.util.function.IntFunction<String> name = i -> i > 0 && i < count && named[i] < count ? utf8[named[i]] : null;
    b.position(b.position() + 6); // access flags, this_class, super_class
    skip(b, 2 * Short.toUnsignedInt(b.getShort())); // interfaces
    for (int members = 0; members < 2; members++) { // fields, methods: none in a module declaration, but allowed
      int n = Short.toUnsignedInt(b.getShort());
      for (int i = 0; i < n; i++) {
        b.position(b.position() + 6);
        ClassFile.skipAttributes(b);
      }
    }
    Declaration module = null;
    boolean notByDefault = false;
    int attributes = Short.toUnsignedInt(b.getShort());
    for (int a = 0; a < attributes; a++) {
      String attribute = utf8[Short.toUnsignedInt(b.getShort())];
      int length = b.getInt();
      int end = b.position() + length;
      if ("ModuleResolution".equals(attribute)) {
        notByDefault = (Short.toUnsignedInt(b.getShort()) & DO_NOT_RESOLVE_BY_DEFAULT) != 0;
      } else if ("Module".equals(attribute)) {
        module = module(b, name);
      }
      b.position(end);
    }
    return module == null ? null : new Declaration(module.name(), module.requires(), module.exportsToAll(),
        module.uses(), module.provides(), notByDefault);
  }

  /** The Module attribute's tables (JVMS 4.7.25), from its module_name_index on. */
  private static Declaration module(ByteBuffer b, java.util.function.IntFunction<String> name) {
    String self = name.apply(Short.toUnsignedInt(b.getShort()));
    b.position(b.position() + 4); // module_flags, module_version_index
    List<String> requires = new ArrayList<>();
    int n = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < n; i++) {
      String required = name.apply(Short.toUnsignedInt(b.getShort()));
      int flags = Short.toUnsignedInt(b.getShort());
      b.getShort(); // requires_version_index
      // "requires static" (ACC_STATIC_PHASE) is for compiling only: java resolves it only when another module
      // needs it (an annotations jar's java.desktop brought the AWT libraries and fonts into a 20 MB client)
      if (required != null && (flags & ACC_STATIC_PHASE) == 0) {
        requires.add(required);
      }
    }
    boolean toAll = false;
    int exports = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < exports; i++) {
      b.getInt(); // exports_index, exports_flags
      int to = Short.toUnsignedInt(b.getShort());
      toAll |= to == 0;
      skip(b, 2 * to);
    }
    int opens = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < opens; i++) {
      b.getInt(); // opens_index, opens_flags
      skip(b, 2 * Short.toUnsignedInt(b.getShort()));
    }
    List<String> uses = new ArrayList<>();
    int usesCount = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < usesCount; i++) {
      String service = name.apply(Short.toUnsignedInt(b.getShort()));
      if (service != null) {
        uses.add(service);
      }
    }
    List<String> provides = new ArrayList<>();
    int providesCount = Short.toUnsignedInt(b.getShort());
    for (int i = 0; i < providesCount; i++) {
      String service = name.apply(Short.toUnsignedInt(b.getShort()));
      if (service != null) {
        provides.add(service);
      }
      skip(b, 2 * Short.toUnsignedInt(b.getShort())); // the implementations
    }
    return new Declaration(self, List.copyOf(requires), toAll, List.copyOf(uses), List.copyOf(provides), false);
  }

  private static void skip(ByteBuffer b, int n) {
    b.position(b.position() + n);
  }
}
