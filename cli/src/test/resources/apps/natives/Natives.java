import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Loads two JNI libraries the way their jars do (extracted to java.io.tmpdir, then System.load) and uses them. */
public class Natives {
  public static void main(String[] args) throws Exception {
    byte[] text = "hermit ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] packed = Zstd.compress(text);
    byte[] back = Zstd.decompress(packed, text.length);
    System.out.println("zstd: " + (java.util.Arrays.equals(text, back) ? "ok " : "BAD ") + text.length + " -> " + packed.length);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
      r.next();
      System.out.println("sqlite: ok " + r.getString(1));
    }
  }
}
