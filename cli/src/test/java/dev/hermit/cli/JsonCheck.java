package dev.hermit.cli;

/** A strict RFC 8259 syntax check (no values kept), so tests can tell that --json output parses. */
final class JsonCheck {
  private final String s;
  private int i;

  private JsonCheck(String s) {
    this.s = s;
  }

  static void validate(String text) {
    JsonCheck c = new JsonCheck(text);
    c.ws();
    c.value();
    c.ws();
    if (c.i != text.length()) {
      throw c.error("trailing text");
    }
  }

  private void value() {
    char ch = peek();
    switch (ch) {
      case '{' -> {
        i++;
        ws();
        if (peek() == '}') {
          i++;
          return;
        }
        do {
          ws();
          string();
          ws();
          expect(':');
          ws();
          value();
          ws();
        } while (accept(','));
        expect('}');
      }
      case '[' -> {
        i++;
        ws();
        if (peek() == ']') {
          i++;
          return;
        }
        do {
          ws();
          value();
          ws();
        } while (accept(','));
        expect(']');
      }
      case '"' -> string();
      case 't' -> word("true");
      case 'f' -> word("false");
      case 'n' -> word("null");
      default -> number();
    }
  }

  private void string() {
    expect('"');
    while (true) {
      char ch = s.charAt(i++);
      if (ch == '"') {
        return;
      }
      if (ch < 0x20) {
        throw error("control character in string");
      }
      if (ch == '\\') {
        char e = s.charAt(i++);
        if (e == 'u') {
          Integer.parseInt(s.substring(i, i + 4), 16);
          i += 4;
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw error("bad escape");
        }
      }
    }
  }

  private void number() {
    int start = i;
    while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (!s.substring(start, i).matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      throw error("bad number");
    }
  }

  private void word(String w) {
    if (!s.startsWith(w, i)) {
      throw error("expected " + w);
    }
    i += w.length();
  }

  private void ws() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private boolean accept(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("invalid JSON at " + i + ": " + what);
  }
}
