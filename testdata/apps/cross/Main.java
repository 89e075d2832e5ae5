import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Says where it runs, through jars from Maven Central: picocli parses the options, gson writes the answer. */
@Command(name = "cross", mixinStandardHelpOptions = true)
public class Main implements Runnable {
  @Option(names = "--greeting", description = "what to say")
  String greeting = "hello";

  @Override
  public void run() {
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("greeting", greeting);
    answer.put("os.arch", System.getProperty("os.arch"));
    answer.put("java", System.getProperty("java.specification.version"));
    String abi = System.getProperty("sun.arch.abi", "");
    if (!abi.isEmpty()) { // hermit states it for 32-bit ARM, where JNI loaders fall back to it (ArmAbi)
      answer.put("sun.arch.abi", abi);
    }
    System.out.println(new Gson().toJson(answer));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
