package dev.hermit.json;

import java.util.ArrayDeque;
import java.util.Deque;

/** A minimal streaming JSON writer with two-space indentation. Keys and strings are escaped per RFC 8259. */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  private final Deque<Boolean> first = new ArrayDeque<>();
  private boolean afterName;

  public JsonWriter beginObject() {
    open("{");
    first.push(true);
    return this;
  }

  public JsonWriter endObject() {
    return close('}');
  }

  public JsonWriter beginArray() {
    open("[");
    first.push(true);
    return this;
  }

  public JsonWriter endArray() {
    return close(']');
  }

  public JsonWriter name(String name) {
    separator();
    quote(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    if (s == null) {
      return raw("null");
    }
    separator();
    quote(s);
    return this;
  }

  public JsonWriter value(long n) {
    return raw(Long.toString(n));
  }

  public JsonWriter value(boolean b) {
    return raw(Boolean.toString(b));
  }

  /**
   * Writes a parsed JSON value back: maps, lists, strings, numbers, booleans and null. JSON has no NaN or
   * infinity (a reader turns {@code 1e400} into one): those are written as {@code null}, as JavaScript's
   * {@code JSON.stringify} does, so the output is always JSON.
   */
  public JsonWriter any(Object value) {
    if (value == null) {
      return raw("null");
    }
    if (value instanceof String s) {
      return value(s);
    }
    if (value instanceof Boolean b) {
      return value(b.booleanValue());
    }
    if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
      return raw("null");
    }
    if (value instanceof Number n) {
      return raw(n.toString());
    }
    if (value instanceof java.util.Map<?, ?> map) {
      beginObject();
      for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
        name(String.valueOf(e.getKey())).any(e.getValue());
      }
      return endObject();
    }
    if (value instanceof Iterable<?> list) {
      beginArray();
      for (Object o : list) {
        any(o);
      }
      return endArray();
    }
    return value(value.toString());
  }

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  public JsonWriter stringArray(String name, Iterable<String> values) {
    name(name).beginArray();
    for (String v : values) {
      value(v);
    }
    return endArray();
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private JsonWriter raw(String token) {
    separator();
    out.append(token);
    return this;
  }

  private void open(String token) {
    separator();
    out.append(token);
  }

  private JsonWriter close(char c) {
    boolean empty = first.pop();
    if (!empty) {
      newline();
    }
    out.append(c);
    return this;
  }

  private void separator() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (!first.isEmpty()) {
      if (!first.peek()) {
        out.append(',');
      }
      first.pop();
      first.push(false);
      newline();
    }
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < first.size(); i++) {
      out.append("  ");
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
