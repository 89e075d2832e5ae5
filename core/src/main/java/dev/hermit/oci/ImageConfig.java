package dev.hermit.oci;

import dev.hermit.HermitException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container runtime reads from an image's config besides its entrypoint: the user it runs as, its
 * environment and the ports it documents. Each is checked here, where a bad value can still be named, not when a
 * runtime refuses the image ("unable to find user app: no matching entries in passwd file").
 *
 * @param user the {@code User}: a uid or {@code uid:gid}, or a name the image's {@code /etc/passwd} holds
 *     ({@code root}, {@code nobody}; groups {@code root}, {@code nobody}); empty: the runtime's default, root
 * @param env the {@code Env}, in the order given (a later key replaces an earlier one)
 * @param ports the {@code ExposedPorts}, as {@code PORT/PROTOCOL} ({@code 8080} is {@code 8080/tcp})
 */
public record ImageConfig(Optional<String> user, Map<String, String> env, List<String> ports) {
  public static final ImageConfig NONE = new ImageConfig(Optional.empty(), Map.of(), List.of());

  private static final Pattern ID = Pattern.compile("[0-9]{1,10}");
  private static final List<String> USERS = List.of("root", "nobody");
  private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:/(tcp|udp|sctp))?");
  private static final Pattern ENV_NAME = Pattern.compile("[^=\\x00]+");

  public ImageConfig {
    try {
      user.ifPresent(ImageConfig::user);
    } catch (IllegalArgumentException e) {
      throw new HermitException("the image's user " + e.getMessage());
    }
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    env.forEach((k, v) -> {
      if (k == null || !ENV_NAME.matcher(k).matches() || v == null || v.indexOf('\0') >= 0) {
        throw new HermitException("the image's environment variable '" + k + "' needs a name without '=' and a "
            + "value");
      }
    });
    List<String> normal = new ArrayList<>();
    for (String p : ports) {
      try {
        String n = port(p);
        if (!normal.contains(n)) {
          normal.add(n);
        }
      } catch (IllegalArgumentException e) {
        throw new HermitException("the image's port " + e.getMessage());
      }
    }
    ports = List.copyOf(normal);
  }

  /**
   * Reads {@code NAME=VALUE} words, as the CLI and the Maven plugin take them; the last value of a name wins.
   *
   * @throws IllegalArgumentException for a word that is not one, saying so after the word ("'x' is not ...")
   */
  public static Map<String, String> env(List<String> words) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq <= 0 || w.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("'" + w + "' is not NAME=VALUE (e.g. TZ=Europe/Paris)");
      }
      env.remove(w.substring(0, eq)); // in the place of its last mention
      env.put(w.substring(0, eq), w.substring(eq + 1));
    }
    return env;
  }

  /**
   * Checks a user as the config's {@code User}.
   *
   * @throws IllegalArgumentException saying what is wrong after the value ("'app' must be ...")
   */
  public static String user(String user) {
    String[] parts = user.split(":", -1);
    boolean ok = parts.length <= 2;
    for (String part : parts) {
      ok &= ID.matcher(part).matches() && Long.parseLong(part) <= 0xffff_fffeL || USERS.contains(part);
    }
    if (!ok) {
      throw new IllegalArgumentException("'" + user + "' must be a uid or uid:gid (e.g. 10001 or 10001:10001), or "
          + "root or nobody: the image's /etc/passwd holds no other names");
    }
    return user;
  }

  /**
   * A port as the config's {@code ExposedPorts} key: {@code 8080} is {@code 8080/tcp}.
   *
   * @throws IllegalArgumentException saying what is wrong after the value
   */
  public static String port(String spec) {
    Matcher m = PORT.matcher(spec == null ? "" : spec.strip());
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
      throw new IllegalArgumentException("'" + spec + "' must be a number from 1 to 65535, optionally with /tcp, "
          + "/udp or /sctp (e.g. 8080 or 53/udp)");
    }
    return Integer.parseInt(m.group(1)) + "/" + (m.group(2) == null ? "tcp" : m.group(2));
  }
}
