package dev.hermit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hermit.payload.TreeBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime keeps the JDK's own trust store; a host build whose java trusts more (Debian's JDK reads the system's
 * store, with the CAs the machine added) says so, for an app that uses TLS.
 */
class TrustTest {
  @TempDir Path dir;

  @Test
  void aHostStoreWithMoreCertificatesIsSaid() throws Exception {
    KeyStore all = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib/security/cacerts"))) {
      all.load(in, null);
    }
    List<String> aliases = new ArrayList<>(Collections.list(all.aliases()));
    assertTrue(aliases.size() > 3, "the running JDK's store: " + aliases.size());
    Path host = store(dir.resolve("host/lib/security/cacerts"), all, List.of());
    Path image = dir.resolve("image");
    store(image.resolve("lib/security/cacerts"), all, aliases.subList(0, 3));

    List<String> warnings = new ArrayList<>();
    List<String> details = new ArrayList<>();
    BuildListener listener = e -> {
      if (e instanceof BuildEvent.Warning w) {
        warnings.add(w.message());
      } else if (e instanceof BuildEvent.Detail d) {
        details.add(d.message());
      }
    };
    Path hostJdk = host.getParent().getParent().getParent();
    String source = Trust.addTo(new TreeBuilder(), null, image, hostJdk, true, List.of(), listener);
    int shipped = aliases.size() - 3;
    assertEquals("the JDK's jmods (java.base's lib/security/cacerts)", source);
    assertEquals(List.of("the runtime trusts the JDK's own " + shipped + " root certificates; java on this machine "
        + "trusts 3 more (" + host + "): HTTPS that java trusts here may fail in the output (--cacerts " + host
        + " ships that store)"), warnings);

    warnings.clear();
    Trust.addTo(new TreeBuilder(), null, image, hostJdk, true,
        List.of("-Djavax.net.ssl.trustStore=${HERMIT_ROOT}/app/trust.p12"), listener);
    assertEquals(List.of(), warnings, "a trust store of the user's the output carries (-J): neither store is used");
    for (String value : List.of("", "/nowhere/trust.p12")) { // the JDK falls back to cacerts: the warning stands
      Trust.addTo(new TreeBuilder(), null, image, hostJdk, true, List.of("-Djavax.net.ssl.trustStore=" + value),
          listener);
      assertEquals(1, warnings.size(), value + ": " + warnings);
      warnings.clear();
    }
    Trust.addTo(new TreeBuilder(), null, image, hostJdk, false, List.of(), listener);
    assertEquals(List.of(), warnings, "no TLS: the stores are not read");

    // a cross build: java here is another platform's
    Trust.addTo(new TreeBuilder(), null, image, null, true, List.of(), listener);
    store(image.resolve("lib/security/cacerts"), all, List.of());
    Trust.addTo(new TreeBuilder(), null, image, hostJdk, true, List.of(), listener); // the same
    assertEquals(List.of(), warnings);
    assertEquals(List.of(), details);
  }

  /**
   * keytool's PKCS12 store encrypts its certificates with the store's password, and Java reads a trust store
   * without one: such a store trusts nothing. Refused as before, but saying why and how to make one Java reads.
   */
  @Test
  void aStoreWhoseCertificatesNeedItsPasswordIsRefusedSayingSo() throws Exception {
    KeyStore all = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib/security/cacerts"))) {
      all.load(in, null);
    }
    Path cert = dir.resolve("ca.der");
    Files.write(cert, all.getCertificate(Collections.list(all.aliases()).get(0)).getEncoded());
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path encrypted = dir.resolve("encrypted.p12");
    Path plain = dir.resolve("plain.p12");
    run(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-keystore",
        encrypted.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    run(keytool, "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-importcert", "-noprompt", "-alias", "ca",
        "-file", cert.toString(), "-keystore", plain.toString(), "-storetype", "PKCS12", "-storepass", "changeit");

    dev.hermit.InputException e = org.junit.jupiter.api.Assertions.assertThrows(dev.hermit.InputException.class,
        () -> Trust.entries(encrypted));
    assertEquals("the trust store " + encrypted + " holds no certificates that Java can read without its password: "
        + "keytool's PKCS12 store encrypts them (the JVM then trusts none of them, as under java "
        + "-Djavax.net.ssl.trustStore). Make it with keytool -storetype JKS, or with keytool "
        + "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", e.getMessage());
    assertEquals(1, Trust.entries(plain));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  private static Path store(Path file, KeyStore from, List<String> without) throws IOException,
      GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("JKS");
    ks.load(null, null);
    for (String alias : Collections.list(from.aliases())) {
      if (!without.contains(alias)) {
        ks.setCertificateEntry(alias, from.getCertificate(alias));
      }
    }
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "changeit".toCharArray());
    }
    return file;
  }
}
