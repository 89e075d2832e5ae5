import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * jnr-posix's native POSIX (jnr-ffi over jffi's JNI stub) calling getpid; and jnr-ffi loading "util" by its short
 * name for openpty: glibc's libutil.so.1, which an empty root has only in the output.
 */
public class Main {
  public interface Util {
    int openpty(int[] master, int[] slave, jnr.ffi.Pointer name, jnr.ffi.Pointer termios, jnr.ffi.Pointer winsize);
  }

  public static void main(String[] args) {
    POSIX posix = POSIXFactory.getNativePOSIX();
    long pid = posix.getpid();
    System.out.println("jnr-posix native " + posix.isNative() + ", getpid "
        + (pid == ProcessHandle.current().pid() ? "matches" : pid + " differs"));
    Util util = jnr.ffi.LibraryLoader.create(Util.class).load("util");
    int[] master = new int[1];
    int[] slave = new int[1];
    int r = util.openpty(master, slave, null, null, null);
    System.out.println("jnr openpty from util " + (r == 0 && master[0] > 2 && slave[0] > 2 ? "ok" : "returned " + r));
    posix.close(master[0]);
    posix.close(slave[0]);
  }
}
