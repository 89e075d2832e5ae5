import java.nio.charset.StandardCharsets;
import org.xerial.snappy.Snappy;

/** snappy-java (native only) compressing and restoring a text. */
public class Main {
  public static void main(String[] args) throws Exception {
    byte[] text = "hello from snappy, hello from snappy, hello from snappy".getBytes(StandardCharsets.UTF_8);
    byte[] packed = Snappy.compress(text);
    String back = new String(Snappy.uncompress(packed), StandardCharsets.UTF_8);
    System.out.println("snappy " + Snappy.getNativeLibraryVersion() + " " + text.length + " -> " + packed.length
        + " -> " + back.substring(0, 17));
  }
}
