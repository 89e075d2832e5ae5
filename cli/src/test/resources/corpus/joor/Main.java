import java.util.function.Supplier;
import org.joor.Reflect;

/** jOOR compiles a class from source at run time with the system Java compiler, against this jar's class path. */
public class Main {
  public static void main(String[] args) {
    Supplier<String> s = Reflect.compile("gen.Hello", """
        package gen;
        public class Hello implements java.util.function.Supplier<String> {
          public String get() { return "compiled at run time: " + org.joor.Reflect.class.getSimpleName() + " " + (6 * 7); }
        }
        """).create().get();
    System.out.println(s.get());
  }
}
