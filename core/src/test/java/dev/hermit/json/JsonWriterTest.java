package dev.hermit.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever any() is given, the output is JSON that JsonReader reads back. */
class JsonWriterTest {
  @Test
  void nonFiniteNumbersAreWrittenAsNull() {
    assertEquals("[\n  null,\n  null,\n  null,\n  null,\n  1.5,\n  7\n]", new JsonWriter()
        .any(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, 1.5, 7L)).toString());
  }

  @Test
  void aNumberTooLargeForADoubleSurvivesARoundTripAsValidJson() {
    Object parsed = JsonReader.parse("{\"big\": 1e400, \"small\": -1e400, \"ok\": 2.5e3}");
    String written = new JsonWriter().any(parsed).toString();
    Map<String, Object> want = new LinkedHashMap<>();
    want.put("big", null);
    want.put("small", null);
    want.put("ok", 2500.0);
    assertEquals(want, JsonReader.parse(written), written);
  }

  @Test
  void finiteNumbersAreWrittenAsTheyAre() {
    assertEquals(Arrays.asList(0L, -3L, 1.0E-300, 123456789012345678L),
        JsonReader.parse(new JsonWriter().any(List.of(0L, -3L, 1.0E-300, 123456789012345678L)).toString()));
  }
}
