package dev.hermit.links;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renames classes inside a compiled class file by rewriting its UTF-8 constants (names and descriptors alike), so a
 * test can refer to JDK classes and members that the JDK compiling the test does not have. Nothing in a class
 * file points at a byte offset of the constant pool, so entries may change length.
 */
final class ClassPatch {
  private ClassPatch() {}

  static byte[] rename(byte[] cls, Map<String, String> names) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(cls);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(in.getInt());
    out.writeInt(in.getInt());
    int count = Short.toUnsignedInt(in.getShort());
    out.writeShort(count);
    for (int i = 1; i < count; i++) {
      int tag = in.get() & 0xff;
      out.writeByte(tag);
      int size = switch (tag) {
        case 1 -> -1;
        case 3, 4, 9, 10, 11, 12, 17, 18 -> 4;
        case 5, 6 -> 8;
        case 7, 8, 16, 19, 20 -> 2;
        case 15 -> 3;
        default -> throw new IOException("constant pool tag " + tag);
      };
      if (size < 0) {
        byte[] s = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(s);
        String v = new String(s, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : names.entrySet()) {
          v = v.equals(e.getKey()) ? e.getValue() : v.replace("L" + e.getKey() + ";", "L" + e.getValue() + ";");
        }
        out.writeUTF(v);
      } else {
        byte[] b = new byte[size];
        in.get(b);
        out.write(b);
      }
      if (tag == 5 || tag == 6) {
        i++;
      }
    }
    out.write(cls, in.position(), cls.length - in.position());
    return bytes.toByteArray();
  }
}
