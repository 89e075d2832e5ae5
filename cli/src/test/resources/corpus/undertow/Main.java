import io.undertow.Undertow;

/** Undertow on 127.0.0.1:PORT answering every request with one line. */
public class Main {
  public static void main(String[] args) {
    Undertow.builder().addHttpListener(Integer.parseInt(args[0]), "127.0.0.1")
        .setHandler(exchange -> exchange.getResponseSender().send("hello from undertow " + exchange.getRequestPath()))
        .build().start();
    System.out.println("listening");
  }
}
