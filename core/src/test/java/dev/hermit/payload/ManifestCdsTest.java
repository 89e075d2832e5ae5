package dev.hermit.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CDS and HOME records (docs/FORMAT.md "Manifest"): where they stand among the ARGs, and strict reading; the
 * MTIME record.
 */
class ManifestCdsTest {
  static final Manifest PLAIN = new Manifest("${HERMIT_ROOT}/bin/java", List.of("java", "-Da=1", "-jar", "x.jar"),
      List.of("K=V"), null);

  /** The manifest as the launcher reads it, record by record (tag, value), written here by hand. */
  static byte[] records(Object... tagsAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("HMF1".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le(tagsAndValues.length / 2));
    for (int i = 0; i < tagsAndValues.length; i += 2) {
      int tag = (Integer) tagsAndValues[i];
      byte[] v = ((String) tagsAndValues[i + 1]).getBytes(StandardCharsets.UTF_8);
      out.writeBytes(new byte[] {(byte) tag, (byte) (tag >>> 8), 0, 0});
      out.writeBytes(le(v.length));
      out.writeBytes(v);
    }
    return out.toByteArray();
  }

  static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  @Test
  void theRecordStandsBeforeTheArgumentItNames() {
    Manifest m = PLAIN.withCds(Manifest.CDS_STATIC, 2);
    assertArrayEquals(records(1, "${HERMIT_ROOT}/bin/java", 2, "java", 2, "-Da=1", 5, "static", 2, "-jar",
        2, "x.jar", 3, "K=V"), m.encode());
    assertEquals(m, Manifest.decode(m.encode()));
    Manifest last = PLAIN.withCds(Manifest.CDS_STATIC, 4);
    assertEquals(last, Manifest.decode(last.encode()));
    assertEquals(PLAIN, Manifest.decode(PLAIN.encode()));
    assertEquals(null, Manifest.decode(PLAIN.encode()).cds());
  }

  @Test
  void strictReading() {
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withCds("dynamic", 1));
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withCds(Manifest.CDS_STATIC, 0), "before argv[0]");
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withCds(Manifest.CDS_STATIC, 5));
    assertThrows(PayloadFormatException.class,
        () -> Manifest.decode(records(1, "/x", 2, "x", 5, "aot")));
    assertThrows(PayloadFormatException.class,
        () -> Manifest.decode(records(1, "/x", 2, "x", 5, "static", 5, "static")));
    assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 5, "static", 2, "x")));
  }

  @Test
  void theHomeRecordStandsBeforeTheArgumentItNamesAndBeforeACdsRecordThere() {
    Manifest m = PLAIN.withHome(Manifest.HOME_ENV, 2).withCds(Manifest.CDS_STATIC, 2);
    assertArrayEquals(records(1, "${HERMIT_ROOT}/bin/java", 2, "java", 2, "-Da=1", 6, "env", 5, "static", 2, "-jar",
        2, "x.jar", 3, "K=V"), m.encode());
    assertEquals(m, Manifest.decode(m.encode()));
    assertEquals(null, Manifest.decode(PLAIN.encode()).home());
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withHome("passwd", 1));
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withHome(Manifest.HOME_ENV, 0), "before argv[0]");
    assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 2, "x", 6, "passwd")));
    assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 2, "x", 6, "env", 6, "env")));
    assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 6, "env", 2, "x")));
  }

  @Test
  void mtimeIsOneRecordOfDecimalSecondsAfterTheEnvironment() {
    Manifest m = PLAIN.withMtime(1_765_000_000L);
    assertArrayEquals(records(1, "${HERMIT_ROOT}/bin/java", 2, "java", 2, "-Da=1", 2, "-jar", 2, "x.jar", 3, "K=V",
        7, "1765000000"), m.encode());
    assertEquals(m, Manifest.decode(m.encode()));
    assertEquals(-1, Manifest.decode(PLAIN.encode()).mtime(), "no record: the extraction's time");
    assertEquals(0, Manifest.decode(PLAIN.withMtime(0).encode()).mtime());
    assertEquals(Integer.MAX_VALUE, Manifest.decode(PLAIN.withMtime(Integer.MAX_VALUE).encode()).mtime());
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withMtime(1L << 31), "past 2038: 32-bit arches");
    assertThrows(IllegalArgumentException.class, () -> PLAIN.withMtime(-2));
    for (String bad : new String[] {"01", "2147483648", "12a", "", " 1", "-1", "99999999999"}) {
      assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 2, "x", 7, bad)), bad);
    }
    assertThrows(PayloadFormatException.class, () -> Manifest.decode(records(1, "/x", 2, "x", 7, "1", 7, "2")));
  }
}
