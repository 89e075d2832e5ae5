package dep;

public class Dep {
  public static String greet() {
    return "from lib/dep.jar";
  }
}
