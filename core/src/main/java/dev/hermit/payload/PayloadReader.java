package dev.hermit.payload;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a hermit executable's payload: trailer, manifest, and on request the tree. */
public final class PayloadReader implements AutoCloseable {
  private final FileChannel channel;
  private final Trailer trailer;
  private final long payloadStart;

  private PayloadReader(FileChannel channel) throws IOException {
    this.channel = channel;
    long size = channel.size();
    if (size < Trailer.SIZE) {
      throw new PayloadFormatException("not a hermit executable: the file is only " + size + " bytes");
    }
    this.trailer = Trailer.decode(read(size - Trailer.SIZE, Trailer.SIZE), size);
    this.payloadStart = size - trailer.payloadLength();
  }

  public static PayloadReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new PayloadReader(channel);
    } catch (RuntimeException | IOException e) {
      channel.close();
      throw e;
    }
  }

  /** True when the file ends with a hermit trailer (it may still be damaged). */
  public static boolean isHermitExecutable(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = c.size();
      if (size < Trailer.SIZE) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(Trailer.SIZE);
      c.read(b, size - Trailer.SIZE);
      return Trailer.hasMagic(b.array());
    }
  }

  public Trailer trailer() {
    return trailer;
  }

  /** Offset of the first payload byte: the size of the launcher in front of it. */
  public long payloadStart() {
    return payloadStart;
  }

  public Manifest manifest() throws IOException {
    if (trailer.manifestLength() > 64 << 20) {
      throw new PayloadFormatException("the manifest claims " + trailer.manifestLength() + " bytes");
    }
    return Manifest.decode(read(payloadStart, (int) trailer.manifestLength()));
  }

  /** Recomputes the payload hash; false when the file was damaged after it was built. */
  public boolean verify() throws IOException {
    MessageDigest sha = PayloadWriter.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long end = payloadStart + trailer.manifestLength() + trailer.treeLength();
    for (long at = payloadStart; at < end; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
      int n = channel.read(buffer, at);
      if (n <= 0) {
        throw new EOFException();
      }
      buffer.flip();
      sha.update(buffer);
      at += n;
    }
    sha.update(trailer.hashedFields()); // version 2: the trailer's fields, which follow the tree in the file
    return Arrays.equals(sha.digest(), trailer.sha256());
  }

  /** Lists the tree's entries with their sizes (file content is read and dropped). */
  public List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    walk((entry, content) -> entries.add(entry));
    return entries;
  }

  /** Receives each entry of the tree in order; for files, {@code content} reads exactly the file's bytes. */
  public interface TreeVisitor {
    void visit(Entry entry, InputStream content) throws IOException;
  }

  /** Decompresses the tree and hands each entry to {@code visitor}; unread content is skipped. */
  public void walk(TreeVisitor visitor) throws IOException {
    channel.position(payloadStart + trailer.manifestLength());
    // the channel stays open: closing the decoder at the end must not close the reader
    InputStream limited = new BoundedInputStream(new NoClose(Channels.newInputStream(channel)), trailer.treeLength());
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(trailer.codec().decompress(limited), 1 << 16))) {
      byte[] magic = in.readNBytes(4);
      if (!Arrays.equals(magic, "HTR1".getBytes(StandardCharsets.US_ASCII))) {
        throw new PayloadFormatException("the tree does not start with HTR1");
      }
      byte[] h = new byte[16];
      while (true) {
        in.readFully(h);
        ByteBuffer b = ByteBuffer.wrap(h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int type = b.get() & 0xff;
        b.get();
        int pathLength = Short.toUnsignedInt(b.getShort());
        int mode = b.getInt();
        long size = b.getLong();
        if (type == 0) {
          return;
        }
        if (size < 0 || type == 3 && size > 4096) {
          throw new PayloadFormatException("tree entry with an impossible size " + size);
        }
        String path = new String(in.readNBytes(pathLength), StandardCharsets.UTF_8);
        TreeEntry.Type t = switch (type) {
          case 1 -> TreeEntry.Type.DIRECTORY;
          case 2, PayloadWriter.X86_CALLS -> TreeEntry.Type.FILE;
          case 3 -> TreeEntry.Type.SYMLINK;
          default -> throw new PayloadFormatException("unknown tree entry type " + type + " for " + path);
        };
        if (t == TreeEntry.Type.SYMLINK) {
          String target = new String(in.readNBytes((int) size), StandardCharsets.UTF_8);
          visitor.visit(new Entry(t, path, mode, size, target), InputStream.nullInputStream());
          continue;
        }
        BoundedInputStream content = new BoundedInputStream(new NoClose(in), size);
        // a filtered file is handed out as its own bytes, as the launcher writes it
        visitor.visit(new Entry(t, path, mode, size, null),
            type == PayloadWriter.X86_CALLS ? new X86Calls.Decoding(content) : content);
        content.skipNBytes(content.left);
      }
    } catch (EOFException | java.util.zip.ZipException e) {
      throw new PayloadFormatException("the tree is truncated or corrupt: " + e.getMessage());
    }
  }

  private static final class NoClose extends java.io.FilterInputStream {
    NoClose(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  /** An entry as listed: content size for files, target for symlinks. */
  public record Entry(TreeEntry.Type type, String path, int mode, long size, String linkTarget) {}

  private byte[] read(long at, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new EOFException();
      }
    }
    return b.array();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
