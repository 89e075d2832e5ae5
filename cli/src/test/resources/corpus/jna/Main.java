import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * JNA calling the C library's getpid, and zlib's zlibVersion from a
 * library named by its short name, as JNA users do: "z" is libz.so.1, found in the output's own libraries. And
 * openpty from "util", as pty4j loads it: glibc's libutil.so.1, which an empty root has only in the output. JNA's
 * own libjnidispatch.so is loaded from the runtime (under java.home), where the build put it, and not extracted
 * into ~/.cache (or, with no HOME, into "?/.cache" under the working directory) at every start.
 */
public class Main {
  public interface C extends Library {
    int getpid();

    int close(int fd);
  }

  public interface Util extends Library {
    int openpty(int[] master, int[] slave, Pointer name, Pointer termios, Pointer winsize);
  }

  public interface Z extends Library {
    String zlibVersion();
  }

  public static void main(String[] args) {
    C libc = Native.load("c", C.class);
    long pid = libc.getpid();
    System.out.println("jna getpid " + (pid == ProcessHandle.current().pid() ? "matches" : pid + " differs"));
    String dispatch = System.getProperty("jnidispatch.path", "");
    System.out.println("jna dispatch " + (dispatch.startsWith(System.getProperty("java.home") + "/")
        ? "from the runtime" : "from " + dispatch));
    Z z = Native.load("z", Z.class);
    System.out.println("jna zlib by name " + (z.zlibVersion().matches("\\d+\\.\\d+.*") ? "loads" : "gives nothing"));
    Util util = Native.load("util", Util.class);
    int[] master = new int[1];
    int[] slave = new int[1];
    int r = util.openpty(master, slave, null, null, null);
    System.out.println("jna openpty from util " + (r == 0 && master[0] > 2 && slave[0] > 2 ? "ok" : "returned " + r));
    libc.close(master[0]);
    libc.close(slave[0]);
  }
}
