import java.nio.file.Files;
import java.nio.file.Path;

/** What hermit build --check must tell apart: a run that works, and the ways a run fails. */
public class Smoke {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "echo" -> {
        for (int i = 1; i < args.length; i++) {
          System.out.println("arg: " + args[i]);
        }
      }
      case "exit" -> {
        System.out.println("smoke: stdout before exiting");
        System.err.println("smoke: giving up with " + args[1]);
        System.exit(Integer.parseInt(args[1]));
      }
      // Needs java.sql: a runtime linked without it throws NoClassDefFoundError here.
      case "sql" -> System.out.println(java.sql.Types.class.getName());
      // Reads a file of the host's /usr: works on the host, not in an empty root.
      case "host-file" -> System.out.println(Files.readString(Path.of("/usr/lib/os-release")).lines().findFirst());
      case "sleep" -> Thread.sleep(600_000);
      // Finds the mount the working directory is on (/proc/self/mounts), as disk-space health checks do (Helidon's):
      // in a container the root is a mount of its own; in a bare chroot into a directory, no mount holds it. And
      // whether /sys is there, as container runtimes mount it.
      case "file-store" -> {
        System.out.println("file store: " + Files.getFileStore(Path.of(".")).type());
        System.out.println("sysfs: " + Files.isReadable(Path.of("/sys/devices/system/cpu/online")));
      }
      // A crash in native code: the JVM's fatal error report goes to stdout, and it exits by SIGABRT.
      case "crash" -> {
        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        System.out.println(((sun.misc.Unsafe) f.get(null)).getLong(0L));
      }
      // Where Java puts the user's home: an app's cache goes there.
      case "home" -> {
        Path cache = Files.createDirectories(Path.of(System.getProperty("user.home"), ".cache", "hermit-check-smoke"));
        System.out.println("user.home: " + System.getProperty("user.home") + ", cache " + Files.isDirectory(cache));
      }
      // Starts a program of the host's, and goes on without it where there is none, as protoc-jar's main does.
      case "program" -> {
        try {
          System.out.println("program exited " + new ProcessBuilder("/bin/true").start().waitFor());
        } catch (java.io.IOException e) {
          System.err.println("smoke: " + e.getMessage());
        }
      }
      // A long stack trace with a cause: its message lines must survive the check's short stderr tail.
      case "deep" -> deep(40);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static void deep(int n) {
    if (n == 0) {
      throw new IllegalStateException("deep failure", new java.io.IOException("the cause"));
    }
    deep(n - 1);
  }
}
