import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test app: each first argument asks for one observable behaviour. */
public class Probe {
  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    switch (command) {
      case "exit" -> System.exit(Integer.parseInt(args[1]));
      case "env" -> System.out.println(args[1] + "=" + System.getenv(args[1]));
      case "cat" -> System.in.transferTo(System.out);
      case "prop" -> System.out.println(args[1] + "=" + System.getProperty(args[1]));
      case "file" -> System.out.println(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip());
      case "sleep" -> Thread.sleep(Long.parseLong(args[1]));
      default -> {
        for (String a : args) {
          System.out.println("[" + a + "]");
        }
      }
    }
  }
}
