package dev.hermit.links;

import java.util.ArrayList;
import java.util.List;

/** Field and method descriptors written as Java source writes the types, for messages. */
final class Descriptors {
  private Descriptors() {}

  /** {@code [Ljava/lang/String;} → {@code java.lang.String[]}, {@code I} → {@code int}. */
  static String javaName(String descriptor) {
    int dims = 0;
    while (dims < descriptor.length() && descriptor.charAt(dims) == '[') {
      dims++;
    }
    String element = descriptor.substring(dims);
    String name = switch (element.isEmpty() ? '?' : element.charAt(0)) {
      case 'B' -> "byte";
      case 'C' -> "char";
      case 'D' -> "double";
      case 'F' -> "float";
      case 'I' -> "int";
      case 'J' -> "long";
      case 'S' -> "short";
      case 'Z' -> "boolean";
      case 'V' -> "void";
      case 'L' -> element.substring(1, element.length() - 1).replace('/', '.');
      default -> element;
    };
    return name + "[]".repeat(dims);
  }

  /** The parameter types of a method descriptor's {@code (...)} part. */
  static List<String> parameters(String params) {
    List<String> out = new ArrayList<>();
    int i = 1;
    while (i < params.length() && params.charAt(i) != ')') {
      int start = i;
      while (params.charAt(i) == '[') {
        i++;
      }
      i = params.charAt(i) == 'L' ? params.indexOf(';', i) + 1 : i + 1;
      out.add(javaName(params.substring(start, i)));
    }
    return out;
  }
}
