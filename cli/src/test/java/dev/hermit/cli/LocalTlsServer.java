package dev.hermit.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * openssl s_server on 127.0.0.1 with a certificate signed by a throw-away CA, and a JKS trust store of that CA for
 * {@code hermit build --cacerts}. {@code -www} answers a GET with a status page that names s_server. It offers only
 * elliptic-curve key exchange (X25519, P-256), as most public servers and CDNs do: a client without Java 17's SunEC
 * (jdk.crypto.ec) offers only finite-field groups and fails at the handshake, where a server that also took those
 * hid the missing module.
 */
final class LocalTlsServer implements AutoCloseable {
  final String url;
  final Path trustStore;
  private final Process process;

  LocalTlsServer(Path dir) throws IOException, InterruptedException {
    Path t = Files.createDirectories(dir);
    Proc certs = Proc.run(List.of("sh", "-c",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=hermit-test-ca -keyout ca.key -out ca.pem"
            + " && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr"
            + " && printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext"
            + " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
            + "    -extfile san.ext -out server.pem"
            + " && keytool -importcert -noprompt -alias hermit-test-ca -file ca.pem -keystore trust.jks"
            + "    -storetype JKS -storepass changeit"), Proc.HOST, null, t);
    if (certs.code() != 0) {
      throw new AssertionError("making the test certificates: " + certs);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    process = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", "server.pem",
        "-key", "server.key", "-groups", "X25519:P-256", "-www", "-quiet").directory(t.toFile()).redirectErrorStream(true)
        .redirectOutput(t.resolve("server.log").toFile()).start();
    for (int i = 0; ; i++) {
      try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (IOException e) {
        if (i > 100 || !process.isAlive()) {
          process.destroyForcibly();
          throw new AssertionError("openssl s_server did not start: " + Files.readString(t.resolve("server.log")));
        }
        Thread.sleep(100);
      }
    }
    url = "https://127.0.0.1:" + port + "/";
    trustStore = t.resolve("trust.jks");
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
