package corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import net.coobird.thumbnailator.Thumbnails;

/**
 * A thumbnail service on 127.0.0.1:PORT: GET /thumb answers with JSON giving the size of in.png scaled to fit 16x16.
 * This class names no java.awt type: only the libraries tell that java.desktop is needed.
 */
public class ThumbsServer {
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
    server.createContext("/thumb", exchange -> {
      byte[] answer;
      int status = 200;
      try {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Thumbnails.of("in.png").size(16, 16).outputFormat("png").toOutputStream(png);
        DataInputStream header = new DataInputStream(new ByteArrayInputStream(png.toByteArray()));
        header.skipBytes(16); // signature (8), IHDR length and type (8)
        answer = json.writeValueAsBytes(Map.of("thumbnail", header.readInt() + "x" + header.readInt()));
      } catch (Throwable t) {
        status = 500;
        answer = t.toString().getBytes("UTF-8");
        t.printStackTrace();
      }
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    System.out.println("listening");
  }
}
