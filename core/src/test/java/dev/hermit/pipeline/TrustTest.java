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
    String source = Trust.addTo(new TreeBuilder(), null, image, host.getParent().getParent().getParent(), true, listener);
    int shipped = aliases.size() - 3;
    assertEquals("the JDK's jmods (java.base's lib/security/cacerts)", source);
    assertEquals(List.of("the runtime trusts the JDK's own " + shipped + " root certificates; java on this machine "
        + "trusts 3 more (" + host + "): HTTPS that java trusts here may fail in the output (--cacerts " + host
        + " ships that store)"), warnings);

    warnings.clear();
    Trust.addTo(new TreeBuilder(), null, image, host.getParent().getParent().getParent(), false, listener);
    assertEquals(List.of(), warnings, "no TLS: the stores are not read");

    Trust.addTo(new TreeBuilder(), null, image, null, true, listener); // a cross build: java here is another platform's
    store(image.resolve("lib/security/cacerts"), all, List.of());
    Trust.addTo(new TreeBuilder(), null, image, host.getParent().getParent().getParent(), true, listener); // the same
    assertEquals(List.of(), warnings);
    assertEquals(List.of(), details);
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
