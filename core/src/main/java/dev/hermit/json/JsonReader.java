package dev.hermit.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser for the build information embedded in hermit executables: objects become
 * {@link LinkedHashMap}s (order kept), arrays {@link List}s, numbers {@link Long} or {@link Double}. Nesting is
 * limited so that a hostile file cannot exhaust the stack.
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 64;
  private final String s;
  private int i;

  private JsonReader(String s) {
    this.s = s;
  }

  /** Parses one JSON value; throws IllegalArgumentException naming the character offset when it is not JSON. */
  public static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.ws();
    Object value = r.value(0);
    r.ws();
    if (r.i != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels");
    }
    char c = peek();
    switch (c) {
      case '{': {
        i++;
        Map<String, Object> map = new LinkedHashMap<>();
        ws();
        if (accept('}')) {
          return map;
        }
        do {
          ws();
          String key = string();
          ws();
          expect(':');
          ws();
          map.put(key, value(depth + 1));
          ws();
        } while (accept(','));
        expect('}');
        return map;
      }
      case '[': {
        i++;
        List<Object> list = new ArrayList<>();
        ws();
        if (accept(']')) {
          return list;
        }
        do {
          ws();
          list.add(value(depth + 1));
          ws();
        } while (accept(','));
        expect(']');
        return list;
      }
      case '"':
        return string();
      case 't':
        word("true");
        return Boolean.TRUE;
      case 'f':
        word("false");
        return Boolean.FALSE;
      case 'n':
        word("null");
        return null;
      default:
        return number();
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("truncated \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = i;
    while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String text = s.substring(start, i);
    if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      i = start;
      throw error("not a JSON value");
    }
    if (text.matches("-?[0-9]{1,18}")) {
      return Long.parseLong(text);
    }
    return Double.parseDouble(text);
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

  private char next() {
    char c = peek();
    i++;
    return c;
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
    return new IllegalArgumentException("invalid JSON at character " + i + ": " + what);
  }
}
