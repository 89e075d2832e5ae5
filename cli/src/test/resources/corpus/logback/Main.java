import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs through SLF4J into logback, configured by the logback.xml of the working directory (with JMX). */
public class Main {
  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "logback.xml");
    Logger log = LoggerFactory.getLogger("corpus");
    log.info("hello from logback {}", 6 * 7);
  }
}
