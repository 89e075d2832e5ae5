import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** A system library loaded through JNA by its short name, which no file of the app names: bzip2's libbz2. */
public class Main {
  public interface Bz2 extends Library {
    String BZ2_bzlibVersion();
  }

  public static void main(String[] args) {
    Bz2 bz2 = Native.load("bz2", Bz2.class);
    String file = NativeLibrary.getInstance("bz2").getFile().getPath();
    System.out.println("bzip2 " + bz2.BZ2_bzlibVersion().split(",")[0] + " from "
        + (file.contains("/rt/lib/sys/") ? "the output" : file));
  }
}
