package dev.hermit.links;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the link check needs from one class file: its name, supertypes and declared members (to resolve against),
 * and the classes, fields and methods its constant pool refers to, with descriptors (to resolve). Reads the
 * constant pool, the header and the member tables; attributes are skipped.
 *
 * @param fields declared fields as {@code name:descriptor}
 * @param methods declared methods as {@code name(descriptor)}, e.g. {@code reversed()Ljava/util/List;}
 * @param polymorphic names of signature-polymorphic methods (native varargs in MethodHandle and VarHandle): a
 *     reference to one of these resolves whatever its descriptor
 * @param classRefs every CONSTANT_Class name, array element types unwrapped, this class excluded
 */
record ClassInfo(String name, String superName, List<String> interfaces, Set<String> fields, Set<String> methods,
    Set<String> polymorphic, Set<String> classRefs, List<MemberRef> memberRefs) {

  /** A Fieldref, Methodref or InterfaceMethodref. */
  record MemberRef(boolean field, String owner, String name, String descriptor) {
    String key() {
      return field ? name + ":" + descriptor : name + descriptor;
    }
  }

  private static final int ACC_VARARGS = 0x0080;
  private static final int ACC_NATIVE = 0x0100;

  /** Parses a class file; null for bytes that are not one (skipped, as the JVM could not load them either). */
  static ClassInfo parse(byte[] bytes) {
    return parse(bytes, true, null);
  }

  /**
   * Parses a class file for its references only (its fields and methods stay empty): an app class's, kept for the
   * build's checks. The names repeat from class to class (java/lang/String in nearly all): each is kept once, as
   * {@code names} holds it.
   */
  static ClassInfo parseReferences(byte[] bytes, Map<String, String> names) {
    return parse(bytes, false, names);
  }

  private static ClassInfo parse(byte[] bytes, boolean members, Map<String, String> names) {
    try {
      return new Reader(bytes, members, names).read();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static final class Reader {
    private final byte[] b;
    private final boolean members;
    private final Map<String, String> names;
    private int pos;

    Reader(byte[] b, boolean members, Map<String, String> names) {
      this.b = b;
      this.members = members;
      this.names = names;
    }

    ClassInfo read() {
      if (u4() != 0xCAFEBABE) {
        return null;
      }
      pos += 4;
      int count = u2();
      int[] tag = new int[count];
      int[] at = new int[count]; // where each entry's payload starts
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        tag[i] = b[pos++] & 0xff;
        at[i] = pos;
        switch (tag[i]) {
          case 1 -> pos += 2 + u2At(pos);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> pos += 4;
          case 5, 6 -> {
            pos += 8;
            i++;
          }
          case 7, 8, 16, 19, 20 -> pos += 2;
          case 15 -> pos += 3;
          default -> throw new IllegalArgumentException("constant pool tag " + tag[i]);
        }
      }
      pos += 2; // access flags
      String thisName = className(u2(), tag, at, utf8);
      int superIndex = u2();
      String superName = superIndex == 0 ? null : className(superIndex, tag, at, utf8);
      int interfaceCount = u2();
      List<String> interfaces = new ArrayList<>(interfaceCount);
      for (int i = 0; i < interfaceCount; i++) {
        interfaces.add(className(u2(), tag, at, utf8));
      }
      Set<String> fields = members ? new HashSet<>() : Set.of();
      Set<String> methods = members ? new HashSet<>() : Set.of();
      Set<String> polymorphic = members ? new HashSet<>() : Set.of();
      if (members) {
        int n = u2();
        for (int i = 0; i < n; i++) {
          pos += 2;
          String name = utf8(u2(), tag, at, utf8);
          fields.add(name + ":" + utf8(u2(), tag, at, utf8));
          skipAttributes();
        }
        n = u2();
        for (int i = 0; i < n; i++) {
          int flags = u2();
          String name = utf8(u2(), tag, at, utf8);
          methods.add(name + utf8(u2(), tag, at, utf8));
          if ((flags & (ACC_VARARGS | ACC_NATIVE)) == (ACC_VARARGS | ACC_NATIVE)) {
            polymorphic.add(name);
          }
          skipAttributes();
        }
      }
      Set<String> classRefs = new HashSet<>();
      List<MemberRef> memberRefs = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        if (tag[i] == 7) {
          String c = elementClass(className(i, tag, at, utf8));
          if (c != null) {
            classRefs.add(c);
          }
        } else if (tag[i] == 9 || tag[i] == 10 || tag[i] == 11) {
          String owner = className(u2At(at[i]), tag, at, utf8);
          int nameAndType = u2At(at[i] + 2);
          memberRefs.add(new MemberRef(tag[i] == 9, owner, utf8(u2At(at[nameAndType]), tag, at, utf8),
              utf8(u2At(at[nameAndType] + 2), tag, at, utf8)));
        }
      }
      classRefs.remove(thisName);
      return new ClassInfo(thisName, superName, List.copyOf(interfaces), fields, methods, polymorphic,
          names == null ? classRefs : Set.copyOf(classRefs), names == null ? memberRefs : List.copyOf(memberRefs));
    }

    private String className(int index, int[] tag, int[] at, String[] utf8) {
      if (tag[index] != 7) {
        throw new IllegalArgumentException("not a class constant: " + index);
      }
      return utf8(u2At(at[index]), tag, at, utf8);
    }

    /** Decoded on first use: most of a pool's strings are never needed. */
    private String utf8(int index, int[] tag, int[] at, String[] utf8) {
      if (tag[index] != 1) {
        throw new IllegalArgumentException("not a UTF-8 constant: " + index);
      }
      String s = utf8[index];
      if (s == null) {
        // Modified UTF-8 differs from UTF-8 only for NUL and supplementary characters: neither occurs in names
        // the JDK declares, so a plain decode compares correctly.
        s = new String(b, at[index] + 2, u2At(at[index]), StandardCharsets.UTF_8);
        if (names != null) {
          s = names.computeIfAbsent(s, k -> k);
        }
        utf8[index] = s;
      }
      return s;
    }

    private void skipAttributes() {
      int n = u2();
      for (int i = 0; i < n; i++) {
        pos += 2;
        int length = u4();
        pos += length;
      }
    }

    private int u2() {
      int v = u2At(pos);
      pos += 2;
      return v;
    }

    private int u4() {
      int v = u4At(pos);
      pos += 4;
      return v;
    }

    private int u2At(int p) {
      return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
    }

    private int u4At(int p) {
      return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }
  }

  /** The class an array type is made of ({@code [[Ljava/lang/String;} → {@code java/lang/String}); null for primitives. */
  static String elementClass(String name) {
    if (!name.startsWith("[")) {
      return name;
    }
    int i = 0;
    while (i < name.length() && name.charAt(i) == '[') {
      i++;
    }
    return i < name.length() && name.charAt(i) == 'L' && name.endsWith(";") ? name.substring(i + 1, name.length() - 1)
        : null;
  }
}
