package demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts Tomcat on a free loopback port, calls its own endpoint once, prints the answer, and exits. */
@SpringBootApplication
@RestController
public class Demo implements CommandLineRunner {
  private final WebServerApplicationContext context;

  public Demo(WebServerApplicationContext context) {
    this.context = context;
  }

  @GetMapping("/hello")
  String hello() {
    return "hello from spring boot";
  }

  @Override
  public void run(String... args) throws Exception {
    int port = context.getWebServer().getPort();
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.println("answer: " + r.body());
  }

  public static void main(String[] args) {
    ConfigurableApplicationContext c = SpringApplication.run(Demo.class,
        "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
    System.exit(SpringApplication.exit(c));
  }
}
