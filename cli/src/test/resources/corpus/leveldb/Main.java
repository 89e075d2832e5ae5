import java.io.File;
import java.nio.charset.StandardCharsets;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

/** leveldbjni: a LevelDB database in the working directory, one put and one get. */
public class Main {
  public static void main(String[] args) throws Exception {
    try (DB db = JniDBFactory.factory.open(new File("db"), new Options().createIfMissing(true))) {
      db.put("answer".getBytes(StandardCharsets.UTF_8), "hello from leveldb 42".getBytes(StandardCharsets.UTF_8));
      System.out.println(new String(db.get("answer".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }
  }
}
