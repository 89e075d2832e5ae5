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

/** The TLS trust store the runtime carries: the JDK's own (from its jmods), or one the user gives. */
final class Trust {
  private Trust() {}

  /** Replaces the runtime's cacerts with {@code cacerts} when given; returns where the trust store comes from. */
  static String addTo(TreeBuilder tree, Path cacerts) throws IOException {
    if (cacerts == null) {
      return "the JDK's lib/security/cacerts";
    }
    int entries = entries(cacerts);
    tree.add(TreeEntry.file("rt/lib/security/cacerts", 0644, cacerts.toAbsolutePath()));
    return cacerts.toAbsolutePath() + " (" + entries + " certificates, sha256 " + BuildInfos.sha256(cacerts) + ")";
  }

  /** Loads the store as the JDK will (PKCS12 or JKS, no password needed to read certificates). */
  static int entries(Path cacerts) {
    if (!Files.isRegularFile(cacerts)) {
      throw new InputException("the trust store " + cacerts + " is not a file", Setting.CACERTS, cacerts);
    }
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try (InputStream in = Files.newInputStream(cacerts)) {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(in, null);
        if (ks.size() == 0) {
          throw new InputException("the trust store " + cacerts + " holds no certificates", Setting.CACERTS, cacerts);
        }
        return ks.size();
      } catch (IOException | GeneralSecurityException e) {
        // try the next type
      }
    }
    throw new InputException("the trust store " + cacerts + " is not a PKCS12 or JKS key store", Setting.CACERTS, cacerts);
  }
}
