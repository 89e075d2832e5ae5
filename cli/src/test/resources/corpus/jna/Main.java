import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * JNA (its libjnidispatch is extracted at run time) calling the C library's getpid, and zlib's zlibVersion from a
 * library named by its short name, as JNA users do: "z" is libz.so.1, found in the output's own libraries.
 */
public class Main {
  public interface C extends Library {
    int getpid();
  }

  public interface Z extends Library {
    String zlibVersion();
  }

  public static void main(String[] args) {
    C libc = Native.load("c", C.class);
    long pid = libc.getpid();
    System.out.println("jna getpid " + (pid == ProcessHandle.current().pid() ? "matches" : pid + " differs"));
    Z z = Native.load("z", Z.class);
    System.out.println("jna zlib by name " + (z.zlibVersion().matches("\\d+\\.\\d+.*") ? "loads" : "gives nothing"));
  }
}
