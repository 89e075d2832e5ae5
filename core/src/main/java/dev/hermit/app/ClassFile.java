package dev.hermit.app;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The little hermit needs from a class file: the classes it refers to, the string constants it holds and the members
 * it uses (for module analysis), and whether it declares {@code public static void main(String[])}. Reads the
 * constant pool and method table only.
 *
 * @param strings the values of its {@code CONSTANT_String} entries: class and package names used by reflection
 * @param memberRefs the fields and methods it uses, as {@code owner.name} (e.g. {@code java/util/Locale.GERMAN})
 */
public record ClassFile(String name, Set<String> referencedClasses, boolean hasMain, Set<String> strings,
    Set<String> memberRefs) {

  /** Parses a class file; returns null for bytes that are not one (callers skip such entries as the JVM would). */
  public static ClassFile parse(byte[] bytes) {
    try {
      return read(ByteBuffer.wrap(bytes));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ClassFile read(ByteBuffer b) {
    if (b.getInt() != 0xCAFEBABE) {
      return null;
    }
    b.getShort();
    b.getShort();
    int count = Short.toUnsignedInt(b.getShort());
    String[] utf8 = new String[count];
    int[] classIndex = new int[count];
    int[] stringIndex = new int[count];
    int[] memberOwner = new int[count];
    int[] nameAndType = new int[count];
    int[] natName = new int[count];
    Set<Integer> descriptorIndexes = new HashSet<>();
    for (int i = 1; i < count; i++) {
      int tag = b.get() & 0xff;
      switch (tag) {
        case 1 -> {
          byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
          b.get(s);
          utf8[i] = modifiedUtf8(s);
        }
        case 3, 4 -> b.getInt();
        case 5, 6 -> {
          b.getLong();
          i++;
        }
        case 7 -> classIndex[i] = Short.toUnsignedInt(b.getShort());
        case 8 -> stringIndex[i] = Short.toUnsignedInt(b.getShort());
        case 19, 20 -> b.getShort();
        case 16 -> descriptorIndexes.add(Short.toUnsignedInt(b.getShort()));
        case 9, 10, 11 -> {
          memberOwner[i] = Short.toUnsignedInt(b.getShort());
          nameAndType[i] = Short.toUnsignedInt(b.getShort());
        }
        case 17, 18 -> b.getInt();
        case 12 -> {
          natName[i] = Short.toUnsignedInt(b.getShort());
          descriptorIndexes.add(Short.toUnsignedInt(b.getShort()));
        }
        case 15 -> {
          b.get();
          b.getShort();
        }
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      }
    }
    b.getShort();
    String thisName = utf8[classIndex[Short.toUnsignedInt(b.getShort())]];
    b.getShort();
    int interfaces = Short.toUnsignedInt(b.getShort());
    b.position(b.position() + 2 * interfaces);
    Set<String> refs = new HashSet<>();
    for (int i = 1; i < count; i++) {
      if (classIndex[i] != 0 && utf8[classIndex[i]] != null) {
        String n = utf8[classIndex[i]];
        if (n.startsWith("[")) {
          addDescriptor(n, refs);
        } else {
          refs.add(n);
        }
      }
    }
    skipMembers(b, utf8, refs);
    boolean main = false;
    int methods = Short.toUnsignedInt(b.getShort());
    for (int m = 0; m < methods; m++) {
      int access = Short.toUnsignedInt(b.getShort());
      String name = utf8[Short.toUnsignedInt(b.getShort())];
      String desc = utf8[Short.toUnsignedInt(b.getShort())];
      addDescriptor(desc, refs);
      main |= "main".equals(name) && "([Ljava/lang/String;)V".equals(desc) && (access & 0x0009) == 0x0009;
      skipAttributes(b);
    }
    for (int i : descriptorIndexes) {
      if (i < count && utf8[i] != null) {
        addDescriptor(utf8[i], refs);
      }
    }
    refs.remove(thisName);
    Set<String> strings = new HashSet<>();
    Set<String> members = new HashSet<>();
    for (int i = 1; i < count; i++) {
      if (stringIndex[i] != 0 && stringIndex[i] < count && utf8[stringIndex[i]] != null) {
        strings.add(utf8[stringIndex[i]]);
      }
      if (memberOwner[i] != 0) {
        String owner = memberOwner[i] < count ? utf8[classIndex[memberOwner[i]]] : null;
        String member = nameAndType[i] < count ? utf8[natName[nameAndType[i]]] : null;
        if (owner != null && member != null) {
          members.add(owner + "." + member);
        }
      }
    }
    return new ClassFile(thisName, Set.copyOf(refs), main, Set.copyOf(strings), Set.copyOf(members));
  }

  private static void skipMembers(ByteBuffer b, String[] utf8, Set<String> refs) {
    int fields = Short.toUnsignedInt(b.getShort());
    for (int f = 0; f < fields; f++) {
      b.getShort();
      b.getShort();
      addDescriptor(utf8[Short.toUnsignedInt(b.getShort())], refs);
      skipAttributes(b);
    }
  }

  private static void skipAttributes(ByteBuffer b) {
    int n = Short.toUnsignedInt(b.getShort());
    for (int a = 0; a < n; a++) {
      b.getShort();
      int length = b.getInt();
      b.position(b.position() + length);
    }
  }

  /** Outside "L...;" a descriptor holds only '(', ')', '[' and primitive letters, so every 'L' starts a class. */
  private static void addDescriptor(String desc, Set<String> refs) {
    if (desc == null) {
      return;
    }
    for (int i = 0; i < desc.length(); i++) {
      if (desc.charAt(i) == 'L') {
        int end = desc.indexOf(';', i);
        if (end < 0) {
          return;
        }
        refs.add(desc.substring(i + 1, end));
        i = end;
      }
    }
  }

  /** Class-file strings are "modified UTF-8"; for names, plain UTF-8 decoding is exact except for NUL. */
  private static String modifiedUtf8(byte[] s) {
    return new String(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
