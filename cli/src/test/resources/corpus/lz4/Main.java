import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/** lz4-java's JNI instance (nativeInstance() fails rather than falling back to Java). */
public class Main {
  public static void main(String[] args) {
    LZ4Factory lz4 = LZ4Factory.nativeInstance();
    byte[] text = "hello from lz4 ".repeat(20).getBytes(StandardCharsets.UTF_8);
    LZ4Compressor c = lz4.fastCompressor();
    byte[] packed = c.compress(text);
    byte[] back = lz4.fastDecompressor().decompress(packed, text.length);
    System.out.println(c.getClass().getSimpleName() + " " + text.length + " -> " + packed.length + " -> "
        + new String(back, StandardCharsets.UTF_8).substring(0, 14));
  }
}
