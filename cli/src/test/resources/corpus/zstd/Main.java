import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;

/** zstd-jni compressing and restoring a text. */
public class Main {
  public static void main(String[] args) {
    byte[] text = "hello from zstd ".repeat(20).getBytes(StandardCharsets.UTF_8);
    byte[] packed = Zstd.compress(text, 19);
    byte[] back = Zstd.decompress(packed, text.length);
    System.out.println("zstd " + Zstd.defaultCompressionLevel() + " " + text.length + " -> " + packed.length + " -> "
        + new String(back, StandardCharsets.UTF_8).substring(0, 15));
  }
}
