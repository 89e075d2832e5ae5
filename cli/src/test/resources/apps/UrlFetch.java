import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Prints the first line of what a URL given on the command line serves: an https URL, as users pass one. */
public class UrlFetch {
  public static void main(String[] args) throws Exception {
    try (InputStream in = new URL(args[0]).openStream()) {
      System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }
  }
}
