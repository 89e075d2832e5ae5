import com.sun.jna.Library;
import com.sun.jna.Native;

/** JNA (its libjnidispatch is extracted at run time) calling the C library's getpid. */
public class Main {
  public interface C extends Library {
    int getpid();
  }

  public static void main(String[] args) {
    C libc = Native.load("c", C.class);
    long pid = libc.getpid();
    System.out.println("jna getpid " + (pid == ProcessHandle.current().pid() ? "matches" : pid + " differs"));
  }
}
