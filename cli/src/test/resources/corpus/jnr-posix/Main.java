import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** jnr-posix's native POSIX (jnr-ffi over jffi's JNI stub) calling getpid and getcwd. */
public class Main {
  public static void main(String[] args) {
    POSIX posix = POSIXFactory.getNativePOSIX();
    long pid = posix.getpid();
    System.out.println("jnr-posix native " + posix.isNative() + ", getpid "
        + (pid == ProcessHandle.current().pid() ? "matches" : pid + " differs"));
  }
}
