package dev.hermit.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A DNS server for one name on port 53 (UDP) of a loopback address that no other test JVM holds (127.53.0.N, the
 * first free: end-to-end tests run side by side), for tests: A queries for {@code name} get {@code address};
 * everything else an empty answer. Stops when closed.
 */
final class LoopbackDns implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;

  LoopbackDns(String name, byte[] address) throws SocketException, java.net.UnknownHostException {
    DatagramSocket bound = null;
    SocketException last = null;
    for (int n = 1; n < 255 && bound == null; n++) {
      try {
        bound = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 53, 0, (byte) n}), 53));
      } catch (SocketException e) {
        last = e; // another test's server, or this address is not local here
      }
    }
    if (bound == null) {
      throw last;
    }
    socket = bound;
    thread = new Thread(() -> serve(name.toLowerCase(java.util.Locale.ROOT), address), "loopback-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** The address to name in resolv.conf. */
  String host() {
    return socket.getLocalAddress().getHostAddress();
  }

  private void serve(String name, byte[] address) {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket query = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(query);
        byte[] reply = answer(buffer, query.getLength(), name, address);
        if (reply != null) {
          socket.send(new DatagramPacket(reply, reply.length, query.getSocketAddress()));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** The reply to one query: header, the question copied back, and an A record when it asks for ours. */
  static byte[] answer(byte[] q, int length, String name, byte[] address) {
    if (length < 17) {
      return null;
    }
    StringBuilder asked = new StringBuilder();
    int at = 12;
    while (at < length && q[at] != 0) {
      int label = q[at] & 0xff;
      if (asked.length() > 0) {
        asked.append('.');
      }
      asked.append(new String(q, at + 1, Math.min(label, length - at - 1), StandardCharsets.US_ASCII));
      at += label + 1;
    }
    int questionEnd = at + 5; // the 0 byte, QTYPE, QCLASS
    if (questionEnd > length) {
      return null;
    }
    int type = (q[at + 1] & 0xff) << 8 | (q[at + 2] & 0xff);
    boolean ours = asked.toString().toLowerCase(java.util.Locale.ROOT).equals(name) && type == 1;
    byte[] r = new byte[questionEnd + (ours ? 16 : 0)];
    System.arraycopy(q, 0, r, 0, questionEnd);
    r[2] = (byte) 0x81; // response, recursion desired
    r[3] = (byte) 0x80; // recursion available, no error
    r[5] = 1; // one question
    r[7] = (byte) (ours ? 1 : 0);
    r[8] = r[9] = r[10] = r[11] = 0;
    if (ours) {
      byte[] rr = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, address[0], address[1], address[2], address[3]};
      System.arraycopy(rr, 0, r, questionEnd, rr.length);
    }
    return r;
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(5_000);
  }
}
