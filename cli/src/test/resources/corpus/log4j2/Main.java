import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Logs through Log4j 2 core, configured by the log4j2.xml of the working directory. */
public class Main {
  public static void main(String[] args) {
    System.setProperty("log4j2.configurationFile", "log4j2.xml");
    Logger log = LogManager.getLogger("corpus");
    log.info("hello from log4j2 {}", 6 * 7);
  }
}
