package dev.hermit.cli;

import java.util.List;
import java.util.Map;

/** Checks that --json output parses, with an independent parser: Python's json module (strict RFC 8259). */
final class JsonCheck {
  private JsonCheck() {}

  static void validate(String text) {
    Proc p = Proc.run(List.of("python3", "-c",
        "import json, sys; json.loads(sys.stdin.read(), parse_constant=lambda c: sys.exit('not JSON: ' + c))"),
        Map.of("PATH", "/usr/bin:/bin"), text, null);
    if (p.code() != 0) {
      throw new AssertionError("not valid JSON (" + p.err().strip() + "):\n" + text);
    }
  }
}
