import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** SQLite through xerial's JDBC driver, whose native library is extracted and loaded at run time. */
public class Main {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
      s.executeUpdate("create table t(n integer)");
      s.executeUpdate("insert into t values (6), (7), (29)");
      try (ResultSet r = s.executeQuery("select sum(n), sqlite_version() from t")) {
        r.next();
        System.out.println("sqlite " + r.getString(2) + " answers " + r.getInt(1));
      }
    }
  }
}
