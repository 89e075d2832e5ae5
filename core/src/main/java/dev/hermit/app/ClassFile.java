package dev.hermit.app;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The little hermit needs from a class file: the classes it refers to, the string constants it holds and the members
 * it uses (for module analysis), and whether it declares {@code public static void main(String[])}. Reads the
 * constant pool and method table only.
 *
 * @param hasLaunchableMain it declares a main method Java 25's launcher runs (JEP 512): {@code main(String[])} or
 *     {@code main()}, static or not, not private (an implicitly declared class's {@code void main()})
 * @param strings the values of its {@code CONSTANT_String} entries: class and package names used by reflection
 * @param memberRefs the fields and methods it uses, as {@code owner.name} (e.g. {@code java/util/Locale.GERMAN}); for
 *     the owners in {@link #DESCRIBED} also with the descriptor
 * @param invisibleAnnotation it is an annotation type not retained at run time ({@code @Retention(CLASS)}, the
 *     default): the JVM never loads it for the classes it annotates
 */
public record ClassFile(String name, Set<String> referencedClasses, boolean hasMain, boolean hasLaunchableMain,
    Set<String> strings, Set<String> memberRefs, boolean invisibleAnnotation) {
  /** Owners whose member references are also recorded with their descriptor ({@code owner.name(args)ret}). */
  static final String DESCRIBED = "javax/xml/transform/";

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
    int[] natType = new int[count];
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
          natType[i] = Short.toUnsignedInt(b.getShort());
          descriptorIndexes.add(natType[i]);
        }
        case 15 -> {
          b.get();
          b.getShort();
        }
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      }
    }
    int classAccess = Short.toUnsignedInt(b.getShort());
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
    boolean launchable = false;
    int methods = Short.toUnsignedInt(b.getShort());
    for (int m = 0; m < methods; m++) {
      int access = Short.toUnsignedInt(b.getShort());
      String name = utf8[Short.toUnsignedInt(b.getShort())];
      String desc = utf8[Short.toUnsignedInt(b.getShort())];
      addDescriptor(desc, refs);
      main |= "main".equals(name) && "([Ljava/lang/String;)V".equals(desc) && (access & 0x0009) == 0x0009;
      launchable |= "main".equals(name) && ("([Ljava/lang/String;)V".equals(desc) || "()V".equals(desc))
          && (access & 0x0002) == 0;
      skipAttributes(b);
    }
    for (int i : descriptorIndexes) {
      if (i < count && utf8[i] != null) {
        addDescriptor(utf8[i], refs);
      }
    }
    // Generic signatures and annotation types are UTF-8 entries that no Class entry points to: a field's
    // List<java.sql.Date>, an annotation @java.beans.ConstructorProperties read by reflection.
    for (int i = 1; i < count; i++) {
      if (utf8[i] != null) {
        addEmbeddedNames(utf8[i], refs);
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
          // where the overload says what the app does: TransformerFactory.newTransformer() copies, while
          // newTransformer(Source) runs a stylesheet (whose xsl:sort lang= picks a locale at run time)
          if (owner.startsWith(DESCRIBED)) {
            String type = nameAndType[i] < count && natType[nameAndType[i]] < count ? utf8[natType[nameAndType[i]]]
                : null;
            if (type != null) {
              members.add(owner + "." + member + type);
            }
          }
        }
      }
    }
    // ACC_ANNOTATION, without @Retention(RUNTIME): its constant pool names Retention and the constant RUNTIME
    java.util.List<String> names = java.util.Arrays.asList(utf8);
    boolean invisible = (classAccess & 0x2000) != 0
        && !(names.contains("Ljava/lang/annotation/Retention;") && names.contains("RUNTIME"));
    return new ClassFile(thisName, Set.copyOf(refs), main, launchable, Set.copyOf(strings), Set.copyOf(members),
        invisible);
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

  static void skipAttributes(ByteBuffer b) {
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

  /**
   * Every {@code Lpkg/Name;} (or {@code Lpkg/Name<} or {@code .Inner}) inside a UTF-8 entry: the class names of
   * generic signatures and annotation descriptors. Names without a package are left out (a signature's type
   * variables, ordinary words): the JDK has no class in the unnamed package.
   */
  static void addEmbeddedNames(String s, Set<String> refs) {
    for (int i = s.indexOf('L'); i >= 0 && i < s.length() - 1; i = s.indexOf('L', i + 1)) {
      int j = i + 1;
      boolean slash = false;
      for (; j < s.length(); j++) {
        char c = s.charAt(j);
        if (c == '/') {
          slash = true;
        } else if (!Character.isJavaIdentifierPart(c)) {
          break;
        }
      }
      if (slash && j < s.length() && (s.charAt(j) == ';' || s.charAt(j) == '<' || s.charAt(j) == '.')
          && s.charAt(j - 1) != '/') {
        refs.add(s.substring(i + 1, j));
      }
    }
  }

  /** Class-file strings are "modified UTF-8"; for names, plain UTF-8 decoding is exact except for NUL. */
  static String modifiedUtf8(byte[] s) {
    return new String(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * How a class brings native code, in words: its {@code native} methods (ACC_NATIVE), its calls to
   * {@code System.load}/{@code loadLibrary} or {@code Runtime.load}/{@code loadLibrary}, and its use of JNA
   * ({@code com/sun/jna/}) or of the foreign function API ({@code java/lang/foreign/}, JDK 17's
   * {@code jdk/incubator/foreign/}). Empty for a pure-Java class and for bytes that are not a class file.
   */
  public static java.util.List<String> nativeCode(byte[] bytes) {
    try {
      return nativeCode(ByteBuffer.wrap(bytes));
    } catch (RuntimeException e) {
      return java.util.List.of();
    }
  }

  private static java.util.List<String> nativeCode(ByteBuffer b) {
    if (b.getInt() != 0xCAFEBABE) {
      return java.util.List.of();
    }
    b.getInt();
    int count = Short.toUnsignedInt(b.getShort());
    String[] utf8 = new String[count];
    int[] classIndex = new int[count];
    int[] refClass = new int[count];
    int[] refNameAndType = new int[count];
    int[] natName = new int[count];
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
        case 8, 16, 19, 20 -> b.getShort();
        case 10, 11 -> {
          refClass[i] = Short.toUnsignedInt(b.getShort());
          refNameAndType[i] = Short.toUnsignedInt(b.getShort());
        }
        case 12 -> {
          natName[i] = Short.toUnsignedInt(b.getShort());
          b.getShort();
        }
        case 9, 17, 18 -> b.getInt();
        case 15 -> {
          b.get();
          b.getShort();
        }
        default -> throw new IllegalArgumentException("constant pool tag " + tag);
      }
    }
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    for (int i = 1; i < count; i++) {
      if (refClass[i] != 0) {
        String owner = utf8[classIndex[refClass[i]]];
        String name = utf8[natName[refNameAndType[i]]];
        if (("java/lang/System".equals(owner) || "java/lang/Runtime".equals(owner))
            && ("load".equals(name) || "loadLibrary".equals(name))) {
          found.add("calls " + owner.substring(owner.lastIndexOf('/') + 1) + "." + name);
        }
      }
      if (classIndex[i] != 0 && utf8[classIndex[i]] != null) {
        String n = utf8[classIndex[i]];
        if (n.contains("com/sun/jna/")) {
          found.add("uses JNA");
        } else if (n.contains("java/lang/foreign/") || n.contains("jdk/incubator/foreign/")) {
          found.add("uses the foreign function API");
        }
      }
    }
    b.position(b.position() + 6); // access flags, this class, super class
    int interfaceCount = Short.toUnsignedInt(b.getShort());
    b.position(b.position() + 2 * interfaceCount);
    int fields = Short.toUnsignedInt(b.getShort());
    for (int f = 0; f < fields; f++) {
      b.position(b.position() + 6);
      skipAttributes(b);
    }
    java.util.List<String> natives = new java.util.ArrayList<>();
    int methods = Short.toUnsignedInt(b.getShort());
    for (int m = 0; m < methods; m++) {
      int access = Short.toUnsignedInt(b.getShort());
      String name = utf8[Short.toUnsignedInt(b.getShort())];
      b.getShort();
      if ((access & 0x0100) != 0 && !natives.contains(name)) {
        natives.add(name);
      }
      skipAttributes(b);
    }
    java.util.List<String> result = new java.util.ArrayList<>();
    if (!natives.isEmpty()) {
      result.add(natives.size() + (natives.size() == 1 ? " native method" : " native methods"));
    }
    result.addAll(found);
    return result;
  }
}
