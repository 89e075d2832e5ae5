package demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** One endpoint: GET /hello. */
@Path("/hello")
public class Greeting {
  @GET
  public String hello() {
    return "hello from quarkus";
  }
}
