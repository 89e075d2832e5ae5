import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** GETs an https URL with Apache HttpClient 5, trusting what the runtime's cacerts trusts. */
public class Main {
  public static void main(String[] args) throws Exception {
    try (CloseableHttpClient client = HttpClients.createSystem()) {
      String body = client.execute(new HttpGet(args[0]), response -> {
        System.out.println("status " + response.getCode());
        return EntityUtils.toString(response.getEntity());
      });
      System.out.println(body.contains("s_server") ? "served by openssl s_server" : body);
    }
  }
}
