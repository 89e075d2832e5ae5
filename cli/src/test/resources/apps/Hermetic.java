import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import javax.net.ssl.HttpsURLConnection;

/**
 * What a real program does, checked one by one inside an empty root: each line is "name: ok ..." or
 * "name: FAIL ...". The first argument, when given and not "-", is the https URL of a local TLS server; the
 * second, when given, a host name to resolve through the resolver the root's /etc/resolv.conf names.
 */
public class Hermetic {
  public static void main(String[] args) throws Exception {
    check("subprocess-java", () -> {
      Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-version")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 && out.contains("version") ? "ok" : "FAIL exit " + p.exitValue() + ": " + out;
    });
    check("subprocess-sh", () -> {
      if (!new File("/bin/sh").exists()) {
        return "ok (no /bin/sh here)";
      }
      Process p = new ProcessBuilder("/bin/sh", "-c", "echo from-sh").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && out.equals("from-sh") ? "ok" : "FAIL " + out;
    });
    check("tempfile", () -> {
      File f = File.createTempFile("hermit", ".txt");
      Files.writeString(f.toPath(), "x");
      boolean ok = Files.readString(f.toPath()).equals("x") && f.delete();
      return ok ? "ok " + System.getProperty("java.io.tmpdir") : "FAIL";
    });
    check("utf8-name", () -> {
      Path dir = Files.createTempDirectory("hermit-ü");
      Path f = dir.resolve("ünïcødé-✓.txt");
      Files.writeString(f, "✓", StandardCharsets.UTF_8);
      String listed = dir.toFile().list()[0];
      boolean ok = listed.equals("ünïcødé-✓.txt") && Files.readString(dir.resolve(listed)).equals("✓");
      Files.delete(f);
      Files.delete(dir);
      return ok ? "ok " + System.getProperty("sun.jnu.encoding") : "FAIL listed " + listed;
    });
    check("utf8-out", () -> "ok ünï✓");
    check("locale", () -> "ok " + java.util.Locale.getDefault());
    check("library-path", () -> {
      // the output's own library directory, not the machine's: what System.loadLibrary finds is the same everywhere
      String path = System.getProperty("java.library.path");
      return path.equals(System.getProperty("java.home") + "/lib/sys") ? "ok" : "FAIL " + path;
    });
    check("timezone", () -> {
      ZonedDateTime t = ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("UTC"))
          .withZoneSameInstant(ZoneId.of("Europe/Berlin"));
      return t.getHour() == 14 ? "ok default " + ZoneId.systemDefault() : "FAIL " + t;
    });
    check("loopback", () -> {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
          Socket accepted = server.accept()) {
        client.getOutputStream().write(42);
        return accepted.getInputStream().read() == 42 ? "ok" : "FAIL";
      }
    });
    check("localhost", () -> "ok " + InetAddress.getByName("localhost").getHostAddress());
    if (args.length > 0 && !args[0].equals("-")) {
      check("tls", () -> {
        HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        c.connect();
        String suite = c.getCipherSuite();
        int code = c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
          in.readAllBytes();
        }
        return code == 200 ? "ok " + suite : "FAIL http " + code;
      });
    }
    if (args.length > 1) {
      check("dns", () -> "ok " + InetAddress.getByName(args[1]).getHostAddress());
    }
  }

  static void check(String name, Callable<String> test) {
    String result;
    try {
      result = test.call();
    } catch (Throwable t) {
      result = "FAIL " + t;
    }
    System.out.println(name + ": " + result);
    System.out.flush();
  }
}
