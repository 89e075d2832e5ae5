import io.javalin.Javalin;

/** Javalin on 127.0.0.1:PORT with one route. */
public class Main {
  public static void main(String[] args) {
    Javalin.create().get("/hello", ctx -> ctx.result("hello from javalin " + ctx.path()))
        .start("127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("listening");
  }
}
