package dev.hermit.payload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher executes once the tree is extracted: {@code execve(exec, args + user args, environ + env)}.
 * Values may use {@code ${HERMIT_ROOT}} (the extracted tree), {@code ${HERMIT_EXE}} (the executable itself) and
 * {@code ${HERMIT_TMP}} (a writable temporary directory), {@code ${HERMIT_LANGUAGE}} and {@code ${HERMIT_COUNTRY}}
 * (those of the locale the environment asks for: LC_ALL, LC_MESSAGES or LANG), {@code ${HERMIT_FORMAT_LANGUAGE}} and
 * {@code ${HERMIT_FORMAT_COUNTRY}} (LC_CTYPE's where they differ, else empty), {@code ${HERMIT_SCRIPT}} and
 * {@code ${HERMIT_FORMAT_SCRIPT}} (the script a locale's modifier names, as in sr_RS.UTF-8@latin). {@code info} is build information for
 * {@code hermit inspect}; the launcher ignores it. {@code inPlace}, when not null, makes the launcher a trampoline:
 * nothing is extracted and the root is that path relative to the executable's directory. {@code cds}, when not
 * null, is a CDS record (the mode {@link #CDS_STATIC}) placed before {@code args.get(cdsAt)} (or after the last
 * argument when {@code cdsAt == args.size()}): there the launcher puts its class-data-sharing options. {@code home},
 * when not null, is a HOME record (the mode {@link #HOME_ENV}) placed the same way before {@code args.get(homeAt)}:
 * there the launcher puts {@code -Duser.home=$HOME} when the user database names no home for the user (docs/FORMAT.md).
 * {@code mtime}, when not negative, is an MTIME record: the seconds since 1970 an extracting launcher gives every file
 * it extracts (below 2^31).
 */
public record Manifest(String exec, List<String> args, List<String> env, String info, String inPlace, String cds,
    int cdsAt, String home, int homeAt, long mtime) {
  public static final String ROOT = "${HERMIT_ROOT}";
  public static final String EXE = "${HERMIT_EXE}";
  public static final String TMP = "${HERMIT_TMP}";
  public static final String LANGUAGE = "${HERMIT_LANGUAGE}";
  public static final String COUNTRY = "${HERMIT_COUNTRY}";
  /** The format locale's language and country where they differ from the display locale's, else empty. */
  public static final String FORMAT_LANGUAGE = "${HERMIT_FORMAT_LANGUAGE}";
  public static final String FORMAT_COUNTRY = "${HERMIT_FORMAT_COUNTRY}";
  /** The script a locale's modifier names (@latin: Latn), else empty; the format locale's where it differs. */
  public static final String SCRIPT = "${HERMIT_SCRIPT}";
  public static final String FORMAT_SCRIPT = "${HERMIT_FORMAT_SCRIPT}";

  static final byte[] MAGIC = "HMF1".getBytes(StandardCharsets.US_ASCII);
  static final int EXEC = 1;
  static final int ARG = 2;
  static final int ENV = 3;
  static final int INPLACE = 4;
  static final int CDS = 5;
  static final int HOME = 6;
  static final int MTIME = 7;
  static final int INFO = 16;
  /** The one CDS mode: an archive dumped from the class list a first run records (JDK 12 and later). */
  public static final String CDS_STATIC = "static";
  /**
   * The one HOME mode: user.home from HOME when the user database names no home for the user, for a Java that would
   * otherwise say "?" (Java 17; Java 21 and later fall back to HOME themselves).
   */
  public static final String HOME_ENV = "env";

  public Manifest(String exec, List<String> args, List<String> env, String info) {
    this(exec, args, env, info, null);
  }

  public Manifest(String exec, List<String> args, List<String> env, String info, String inPlace) {
    this(exec, args, env, info, inPlace, null, -1, null, -1, -1);
  }

  /** This manifest with a CDS record before argument {@code at}. */
  public Manifest withCds(String mode, int at) {
    return new Manifest(exec, args, env, info, inPlace, mode, at, home, homeAt, mtime);
  }

  /** This manifest with a HOME record before argument {@code at}. */
  public Manifest withHome(String mode, int at) {
    return new Manifest(exec, args, env, info, inPlace, cds, cdsAt, mode, at, mtime);
  }

  /** This manifest with an MTIME record: extracted files get this time (seconds since 1970), or none when -1. */
  public Manifest withMtime(long seconds) {
    return new Manifest(exec, args, env, info, inPlace, cds, cdsAt, home, homeAt, seconds);
  }

  public Manifest {
    args = List.copyOf(args);
    env = List.copyOf(env);
    if (args.isEmpty()) {
      throw new IllegalArgumentException("a manifest needs at least argv[0]");
    }
    for (String e : env) {
      if (e.indexOf('=') <= 0) {
        throw new IllegalArgumentException("environment entry is not KEY=VALUE: " + e);
      }
    }
    if (cds != null && (!cds.equals(CDS_STATIC) || cdsAt < 1 || cdsAt > args.size())) {
      throw new IllegalArgumentException("CDS record " + cds + " at argument " + cdsAt + " (needs " + CDS_STATIC
          + ", after argv[0])");
    }
    if (home != null && (!home.equals(HOME_ENV) || homeAt < 1 || homeAt > args.size())) {
      throw new IllegalArgumentException("HOME record " + home + " at argument " + homeAt + " (needs " + HOME_ENV
          + ", after argv[0])");
    }
    if (mtime < -1 || mtime > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("MTIME " + mtime + " is not a time from 1970 to 2038 in seconds");
    }
  }

  public byte[] encode() {
    List<byte[]> values = new ArrayList<>();
    List<Integer> tags = new ArrayList<>();
    tags.add(EXEC);
    values.add(utf8(exec));
    for (int i = 0; i <= args.size(); i++) {
      if (home != null && i == homeAt) {
        tags.add(HOME);
        values.add(utf8(home));
      }
      if (cds != null && i == cdsAt) {
        tags.add(CDS);
        values.add(utf8(cds));
      }
      if (i < args.size()) {
        tags.add(ARG);
        values.add(utf8(args.get(i)));
      }
    }
    for (String e : env) {
      tags.add(ENV);
      values.add(utf8(e));
    }
    if (mtime >= 0) {
      tags.add(MTIME);
      values.add(utf8(Long.toString(mtime)));
    }
    if (inPlace != null) {
      tags.add(INPLACE);
      values.add(utf8(inPlace));
    }
    if (info != null) {
      tags.add(INFO);
      values.add(utf8(info));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.writeBytes(le(tags.size()));
    for (int i = 0; i < tags.size(); i++) {
      int tag = tags.get(i);
      out.writeBytes(new byte[] {(byte) tag, (byte) (tag >>> 8), 0, 0});
      out.writeBytes(le(values.get(i).length));
      out.writeBytes(values.get(i));
    }
    return out.toByteArray();
  }

  public static Manifest decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      byte[] magic = new byte[4];
      b.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new PayloadFormatException("the manifest does not start with HMF1");
      }
      long count = Integer.toUnsignedLong(b.getInt());
      String exec = null;
      String info = null;
      String inPlace = null;
      String cds = null;
      int cdsAt = -1;
      String home = null;
      int homeAt = -1;
      long mtime = -1;
      List<String> args = new ArrayList<>();
      List<String> env = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        int at = b.position();
        int tag = Short.toUnsignedInt(b.getShort());
        b.getShort();
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
          throw new PayloadFormatException("manifest record at byte " + at + " runs past the end of the manifest");
        }
        byte[] value = new byte[length];
        b.get(value);
        String s = new String(value, StandardCharsets.UTF_8);
        switch (tag) {
          case EXEC -> exec = s;
          case ARG -> args.add(s);
          case ENV -> env.add(s);
          case INFO -> info = s;
          case INPLACE -> inPlace = s;
          case CDS -> {
            if (cds != null || !s.equals(CDS_STATIC)) {
              throw new PayloadFormatException("a second CDS record, or an unknown CDS mode, at byte " + at);
            }
            cds = s;
            cdsAt = args.size();
          }
          case HOME -> {
            if (home != null || !s.equals(HOME_ENV)) {
              throw new PayloadFormatException("a second HOME record, or an unknown HOME mode, at byte " + at);
            }
            home = s;
            homeAt = args.size();
          }
          case MTIME -> {
            if (mtime >= 0 || !s.matches("0|[1-9][0-9]{0,9}") || Long.parseLong(s) > Integer.MAX_VALUE) {
              throw new PayloadFormatException("a second MTIME record, or one that is not seconds below 2^31, at byte "
                  + at);
            }
            mtime = Long.parseLong(s);
          }
          default -> {
            if (tag < INFO) {
              throw new PayloadFormatException("unknown manifest record tag " + tag + " at byte " + at);
            }
          }
        }
      }
      if (exec == null || args.isEmpty()) {
        throw new PayloadFormatException("the manifest names no program to run");
      }
      if (cds != null && cdsAt == 0 || home != null && homeAt == 0) {
        throw new PayloadFormatException("a " + (cds != null && cdsAt == 0 ? "CDS" : "HOME")
            + " record comes before argv[0]");
      }
      return new Manifest(exec, args, env, info, inPlace, cds, cdsAt, home, homeAt, mtime);
    } catch (java.nio.BufferUnderflowException e) {
      throw new PayloadFormatException("the manifest is truncated");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }
}
