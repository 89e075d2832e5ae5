package dev.hermit.provision;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Unpacks a tar stream (ustar, GNU long names, pax path records) into a directory, never writing outside it: names
 * with {@code ..} or a leading {@code /} are refused, nothing is written through a symlink, and a symlink's target
 * must stay inside too. Absolute symlink targets are taken as relative to the directory, as in a sysroot (Debian's
 * JDK links {@code conf/security/java.security} to {@code /etc/java-17-openjdk/...}). Modes come from the archive.
 */
final class TarExtractor {
  private final Path root;
  private final boolean posix;

  TarExtractor(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.posix = Files.getFileAttributeView(this.root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
  }

  void extract(InputStream in) throws IOException {
    String longName = null;
    String longLink = null;
    byte[] h = new byte[512];
    while (true) {
      if (in.readNBytes(h, 0, 512) != 512) {
        throw new EOFException("tar archive cut short");
      }
      if (isZero(h)) {
        return;
      }
      String name = longName != null ? longName : ustarName(h);
      String link = longLink != null ? longLink : string(h, 157, 100);
      longName = null;
      longLink = null;
      char type = (char) h[156];
      long size = number(h, 124, 12);
      int mode = (int) number(h, 100, 8) & 07777;
      switch (type) {
        case 'L' -> longName = trimNul(readData(in, size));
        case 'K' -> longLink = trimNul(readData(in, size));
        case 'x' -> {
          String pax = new String(readData(in, size), StandardCharsets.UTF_8);
          longName = paxValue(pax, "path");
          longLink = paxValue(pax, "linkpath");
        }
        case 'g' -> readData(in, size);
        case '5' -> directory(safe(name), mode);
        case '2' -> symlink(safe(name), link);
        case '1' -> hardLink(safe(name), safe(link));
        case '0', '\0', '7' -> file(safe(name), in, size, mode);
        default -> throw new IOException("unsupported tar entry type '" + type + "' for " + name);
      }
    }
  }

  private static boolean isZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String ustarName(byte[] h) {
    String name = string(h, 0, 100);
    if (string(h, 257, 5).equals("ustar")) {
      String prefix = string(h, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    return name;
  }

  private static String string(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static String trimNul(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    int nul = s.indexOf('\0');
    return nul >= 0 ? s.substring(0, nul) : s;
  }

  /** Octal, or GNU base-256 when the high bit of the first byte is set. */
  static long number(byte[] h, int off, int len) throws IOException {
    if ((h[off] & 0x80) != 0) {
      long v = h[off] & 0x7f;
      for (int i = 1; i < len; i++) {
        v = (v << 8) | (h[off + i] & 0xff);
      }
      return v;
    }
    String s = string(h, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException("bad number in tar header: '" + s + "'");
    }
  }

  private static String paxValue(String pax, String key) {
    for (String record : pax.split("\n")) {
      int sp = record.indexOf(' ');
      int eq = record.indexOf('=');
      if (sp > 0 && eq > sp && record.substring(sp + 1, eq).equals(key)) {
        return record.substring(eq + 1);
      }
    }
    return null;
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > 1 << 20) {
      throw new IOException("tar extension header of " + size + " bytes");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length != size) {
      throw new EOFException("tar archive cut short");
    }
    in.skipNBytes(padding(size));
    return data;
  }

  private static long padding(long size) {
    return (512 - size % 512) % 512;
  }

  /** The entry's path under the root, refusing absolute names and any {@code ..}. */
  Path safe(String name) throws IOException {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.startsWith("/") || n.contains("\\")) {
      throw new IOException("refusing tar entry with an absolute or odd path: " + name);
    }
    for (String part : n.split("/")) {
      if (part.equals("..")) {
        throw new IOException("refusing tar entry that climbs out with '..': " + name);
      }
    }
    Path p = root.resolve(n).normalize();
    if (!p.startsWith(root)) {
      throw new IOException("refusing tar entry outside the directory: " + name);
    }
    checkNoSymlinkParents(p, name);
    return p;
  }

  /** No directory between the root and the entry may be a symlink: writing through it could land anywhere. */
  private void checkNoSymlinkParents(Path p, String name) throws IOException {
    Path rel = root.relativize(p);
    Path cur = root;
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      cur = cur.resolve(rel.getName(i));
      if (Files.isSymbolicLink(cur)) {
        throw new IOException("refusing tar entry under a symlink: " + name);
      }
    }
  }

  private void directory(Path p, int mode) throws IOException {
    if (p.equals(root)) {
      return;
    }
    if (Files.isSymbolicLink(p)) {
      throw new IOException("refusing to replace symlink " + root.relativize(p) + " with a directory");
    }
    Files.createDirectories(p);
    setMode(p, mode | 0700);
  }

  private void symlink(Path p, String target) throws IOException {
    if (target.isEmpty()) {
      throw new IOException("empty symlink target for " + root.relativize(p));
    }
    Path parent = p.getParent();
    String t = target;
    if (t.startsWith("/")) {
      t = parent.relativize(root.resolve(t.substring(1)).normalize()).toString();
      if (t.isEmpty()) {
        t = ".";
      }
    }
    Path resolved = parent.resolve(t).normalize();
    if (!resolved.startsWith(root)) {
      throw new IOException("refusing symlink " + root.relativize(p) + " -> " + target + ": it points outside");
    }
    Files.createDirectories(parent);
    Files.deleteIfExists(p);
    Files.createSymbolicLink(p, Path.of(t));
  }

  private void hardLink(Path p, Path target) throws IOException {
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("hard link " + root.relativize(p) + " to a missing file");
    }
    Files.createDirectories(p.getParent());
    Files.copy(target, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
        LinkOption.NOFOLLOW_LINKS);
  }

  private void file(Path p, InputStream in, long size, int mode) throws IOException {
    Files.createDirectories(p.getParent());
    Files.deleteIfExists(p); // a later package may replace a file; never write through an existing symlink
    try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new EOFException("tar archive cut short in " + root.relativize(p));
        }
        out.write(buf, 0, r);
        left -= r;
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("tar entry " + root.relativize(p) + " appeared while being written");
    }
    in.skipNBytes(padding(size));
    setMode(p, mode);
  }

  private void setMode(Path p, int mode) throws IOException {
    if (!posix) {
      return;
    }
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(order[i]);
      }
    }
    Files.setPosixFilePermissions(p, perms);
  }
}
