/** The signals test app: "exit N" exits with N; "wait" prints ready, then sleeps until a signal ends it. */
public class Signals {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("exit")) {
      System.exit(Integer.parseInt(args[1]));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(60_000);
    System.out.println("not interrupted");
  }
}
