package dev.hermit.pipeline;

import dev.hermit.Setting;
import dev.hermit.InputException;
import dev.hermit.HermitException;
import dev.hermit.payload.TreeBuilder;
import dev.hermit.payload.TreeEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/** The TLS trust store the runtime carries: the JDK's own (from its jmods), or one the user gives. */
final class Trust {
  private Trust() {}

  private static final String TRUST_STORE = "-Djavax.net.ssl.trustStore=";

  /**
   * Replaces the runtime's cacerts with {@code cacerts} when given; returns where the trust store comes from. Without
   * one, the runtime keeps the store jlink copied from the jmods (OpenJDK's roots), and a host build says when java
   * on this machine trusts more: Debian's JDK reads the system's store (its lib/security/cacerts links to
   * /etc/ssl/certs/java/cacerts), which holds Mozilla's roots and the CAs the machine added, a TLS-inspecting
   * proxy's among them; HTTPS that java trusts here then fails in the output. Only for an app that uses TLS: reading
   * the two stores costs a cold build about a quarter of a second. Nor when the JVM options name a trust store the
   * output carries ({@code -Djavax.net.ssl.trustStore}, JvmOptionFiles): then neither store is the one used.
   */
  static String addTo(TreeBuilder tree, Path cacerts, Path image, Path hostJdk, boolean tls, List<String> jvmOptions,
      BuildListener listener) throws IOException {
    if (cacerts == null) {
      Path own = image.resolve("lib/security/cacerts");
      // a store the output carries (JvmOptionFiles), or NONE (a PKCS#11 token's); an empty or a missing file's
      // value makes the JDK fall back to cacerts, which the warning is about
      boolean named = jvmOptions.stream().filter(o -> o.startsWith(TRUST_STORE))
          .map(o -> o.substring(TRUST_STORE.length()))
          .anyMatch(v -> v.startsWith(dev.hermit.payload.Manifest.ROOT + "/") || v.equals("NONE"));
      java.util.Set<String> shipped = tls && !named && Files.isRegularFile(own) ? certificates(own)
          : java.util.Set.of();
      Path here = hostJdk == null ? null : hostJdk.resolve("lib/security/cacerts");
      if (here != null && Files.isRegularFile(here) && !shipped.isEmpty()) {
        java.util.Set<String> trusted = certificates(here);
        long more = trusted.stream().filter(c -> !shipped.contains(c)).count();
        if (more > 0) {
          String real = here.toRealPath().equals(here) ? here.toString() : here + ", which is " + here.toRealPath();
          String what = "the runtime trusts the JDK's own " + shipped.size() + " root certificates; java on this "
              + "machine trusts " + more + " more (" + real + "): HTTPS that java trusts here may fail in the output "
              + "(--cacerts " + here.toRealPath() + " ships that store)";
          listener.warn(what);
        }
      }
      return "the JDK's jmods (java.base's lib/security/cacerts)";
    }
    int entries = entries(cacerts);
    tree.add(TreeEntry.file("rt/lib/security/cacerts", 0644, cacerts.toAbsolutePath()));
    return cacerts.toAbsolutePath() + " (" + entries + " certificates, sha256 " + BuildInfos.sha256(cacerts) + ")";
  }

  /** The certificates of a store (as the SHA-256 of each one's encoding), empty when it cannot be read. */
  static java.util.Set<String> certificates(Path store) {
    KeyStore ks = load(store);
    java.util.Set<String> out = new java.util.HashSet<>();
    try {
      for (String alias : ks == null ? List.<String>of() : java.util.Collections.list(ks.aliases())) {
        java.security.cert.Certificate c = ks.getCertificate(alias);
        if (c != null) {
          out.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(c.getEncoded())));
        }
      }
    } catch (GeneralSecurityException e) {
      return java.util.Set.of();
    }
    return out;
  }

  /** How many certificates a store the user gives holds; one that is no trust store is a user error naming it. */
  static int entries(Path cacerts) {
    if (!Files.isRegularFile(cacerts)) {
      throw new InputException("the trust store " + cacerts + " is not a file", Setting.CACERTS, cacerts);
    }
    KeyStore ks = load(cacerts);
    if (ks == null) {
      throw new InputException("the trust store " + cacerts + " is not a PKCS12 or JKS key store", Setting.CACERTS,
          cacerts);
    }
    try {
      if (ks.size() == 0) {
        throw new InputException("the trust store " + cacerts + " holds no certificates" + (encryptedCertificates(cacerts)
            ? " that Java can read without its password: keytool's PKCS12 store encrypts them (the JVM then trusts "
            + "none of them, as under java -Djavax.net.ssl.trustStore). Make it with keytool -storetype JKS, or "
            + "with keytool -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE" : ""), Setting.CACERTS, cacerts);
      }
      return ks.size();
    } catch (java.security.KeyStoreException e) {
      throw new HermitException("cannot read the trust store " + cacerts + ": " + e.getMessage());
    }
  }

  /**
   * Whether a PKCS12 store that shows no certificates without a password holds some behind one: keytool encrypts a
   * PKCS12 store's certificates with the store's password, commonly "changeit".
   */
  private static boolean encryptedCertificates(Path store) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, "changeit".toCharArray());
      return ks.size() > 0;
    } catch (IOException | GeneralSecurityException e) {
      return false; // another password, or not PKCS12: the plain message
    }
  }

  /** Loads a store as the JDK will (PKCS12 or JKS, no password needed to read certificates); null when neither. */
  private static KeyStore load(Path store) {
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try (InputStream in = Files.newInputStream(store)) {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(in, null);
        return ks;
      } catch (IOException | GeneralSecurityException e) {
        // try the next type
      }
    }
    return null;
  }
}
