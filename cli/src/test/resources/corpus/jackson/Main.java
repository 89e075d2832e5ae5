import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads JSON from stdin, sums its "numbers", and writes JSON back. */
public class Main {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode in = mapper.readTree(System.in);
    int sum = 0;
    for (JsonNode n : in.get("numbers")) {
      sum += n.asInt();
    }
    ObjectNode out = mapper.createObjectNode().put("name", in.get("name").asText()).put("sum", sum);
    System.out.println(mapper.writeValueAsString(out));
  }
}
