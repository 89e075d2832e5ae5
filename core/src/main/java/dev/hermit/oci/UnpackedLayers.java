package dev.hermit.oci;

import dev.hermit.HermitException;
import dev.hermit.payload.Codec;
import dev.hermit.payload.Manifest;
import dev.hermit.payload.PayloadFormatException;
import dev.hermit.payload.PayloadReader;
import dev.hermit.payload.PayloadWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of an image whose executable's payload is already unpacked ({@link ImageRequest.Layout#UNPACKED}): in
 * a container every start is a first run, and a first run of the one-file executable spends its start extracting.
 * Here the tree the launcher would extract lies in the image under {@code /hermit}, and the entrypoint is the same
 * launcher in front of a payload that holds only the executable's manifest and an INPLACE record naming that tree
 * (docs/FORMAT.md, "In-place launchers"): it starts the runtime at once, writes nothing (a read-only root file system
 * and any uid work), and has no cache to trust. The registry's digests protect the layers as they protect any
 * image's files.
 *
 * <p>Two layers, so that a new version of an app that keeps its runtime pushes and pulls only the second:
 * <ol>
 *   <li>the base files (OciImage.BASE_DIRS) and the tree without {@code app/}: the runtime and its C library,
 *       dated 0;
 *   <li>{@code /hermit/app/} (the app's jars) and the entrypoint launcher, with the app's build time (the
 *       executable's MTIME) where it has one, as an extracting launcher gives them.
 * </ol>
 * Every byte follows from the executable: the tree is read in the payload's order, which is the layers' order.
 */
final class UnpackedLayers {
  private UnpackedLayers() {}

  /** Where the tree lies in the image; an entrypoint may not have this name. */
  static final String ROOT = "hermit";
  private static final String APP = "app";

  /** The two layers of {@code exe}'s image, its entrypoint at {@code /name}. */
  static List<Blobs.Layer> write(Blobs blobs, Path exe, String name, long mtime, List<OciImage.Entry> base)
      throws IOException {
    byte[] launcher;
    Manifest inPlace;
    long appTime;
    try (PayloadReader reader = open(exe)) {
      if (!reader.verify()) {
        throw new HermitException("cannot put " + exe + " into an image: its payload does not match its hash (the "
            + "file was damaged after it was built); build it again");
      }
      Manifest m = reader.manifest();
      if (m.inPlace() != null) {
        throw new HermitException("cannot put " + exe + " into an image: it is an in-place launcher, not an app");
      }
      // the CDS record is dropped: an in-place launcher makes no archive (it writes nothing); HOME stays; MTIME goes
      // to the app layer's files, as an extracting launcher gives them that time
      inPlace = new Manifest(m.exec(), m.args(), m.env(), m.info(), ROOT, null, -1, m.home(), m.homeAt(), -1);
      appTime = m.mtime() >= 0 ? m.mtime() : mtime;
      try (InputStream in = Files.newInputStream(exe)) {
        launcher = in.readNBytes(Math.toIntExact(reader.payloadStart()));
      }
    }
    ByteArrayOutputStream entrypoint = new ByteArrayOutputStream();
    entrypoint.write(launcher);
    PayloadWriter.write(entrypoint, inPlace, List.of(), Codec.STORED);

    // the runtime layer's files are dated 0 whatever SOURCE_DATE_EPOCH says: a new version of the app, built at
    // another commit's time, then shares the layer byte for byte (with the commit's time it was pushed again)
    Blobs.Layer runtime = blobs.putLayer(OciImage.LAYER, tar -> tree(tar, exe, 0, false, base));
    List<OciImage.Entry> start = List.of(new OciImage.Entry(name, 0755, entrypoint.toByteArray()));
    Blobs.Layer app = blobs.putLayer(OciImage.LAYER, tar -> tree(tar, exe, appTime, true, start));
    return List.of(runtime, app);
  }

  /**
   * One layer: the tree's entries under {@code app/} (or all the others), each under {@code hermit/}, and the
   * {@code extra} entries outside it, each in its place in the order.
   */
  private static void tree(java.io.OutputStream tar, Path exe, long mtime, boolean appPart, List<OciImage.Entry> extra)
      throws IOException {
    List<OciImage.Entry> pending = new ArrayList<>(extra);
    pending.sort(java.util.Comparator.comparing(OciImage.Entry::name, TarWriter.ORDER));
    try (TarWriter w = new TarWriter(tar, mtime); PayloadReader reader = open(exe)) {
      // the extra entries are outside hermit/: those before it in the order go first
      while (!pending.isEmpty() && TarWriter.ORDER.compare(pending.get(0).name(), ROOT) < 0) {
        pending.remove(0).writeTo(w);
      }
      w.directory(ROOT + "/", 0755);
      reader.walk((e, content) -> {
        boolean underApp = e.path().equals(APP) || e.path().startsWith(APP + "/");
        if (underApp != appPart) {
          return;
        }
        String at = ROOT + "/" + e.path();
        switch (e.type()) {
          case DIRECTORY -> w.directory(at + "/", e.mode());
          case FILE -> w.file(at, e.mode(), e.size(), content);
          case SYMLINK -> w.symlink(at, e.linkTarget());
        }
      });
      for (OciImage.Entry rest : pending) {
        rest.writeTo(w);
      }
    } catch (PayloadFormatException e) {
      throw new HermitException("cannot put " + exe + " into an image: " + e.getMessage());
    }
  }

  private static PayloadReader open(Path exe) throws IOException {
    try {
      return PayloadReader.open(exe);
    } catch (PayloadFormatException e) {
      throw new HermitException("cannot put " + exe + " into an image with its payload unpacked: it is not a "
          + "hermit executable (" + e.getMessage() + "); --image-layout file puts any file as it is");
    }
  }
}
