import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The example hermit builds in the README: prints its arguments, and with --echo copies stdin to stdout;
 * "exit N" as the first argument exits with N.
 */
public class Hello {
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("exit")) {
      System.exit(Integer.parseInt(args[1]));
    }
    if (args.length == 1 && args[0].equals("--echo")) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        System.out.println("echo: " + line);
      }
      return;
    }
    System.out.println("Hello from a single hermit executable, running Java " + Runtime.version()
        + " on " + System.getProperty("os.arch") + ".");
    for (String a : args) {
      System.out.println("arg: " + a);
    }
  }
}
