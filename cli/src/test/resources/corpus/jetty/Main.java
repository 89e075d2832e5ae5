import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Jetty 12 on 127.0.0.1:PORT answering every request with one line. */
public class Main {
  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.write(true, ByteBuffer.wrap(("hello from jetty " + Request.getPathInContext(request) + "\n")
            .getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    server.start();
    System.out.println("listening");
    server.join();
  }
}
