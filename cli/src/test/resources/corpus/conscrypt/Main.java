import java.io.InputStream;
import java.net.URL;
import java.security.Security;
import javax.net.ssl.HttpsURLConnection;
import org.conscrypt.Conscrypt;

/** An https GET whose TLS is Conscrypt's (BoringSSL through JNI), installed as the first provider. */
public class Main {
  public static void main(String[] args) throws Exception {
    Security.insertProviderAt(Conscrypt.newProvider(), 1);
    HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
    try (InputStream in = c.getInputStream()) {
      String body = new String(in.readAllBytes(), "UTF-8");
      System.out.println("status " + c.getResponseCode() + " over " + c.getCipherSuite());
      System.out.println("tls provider " + javax.net.ssl.SSLContext.getDefault().getProvider().getName());
      System.out.println(body.contains("s_server") ? "served by openssl s_server" : body);
    }
  }
}
