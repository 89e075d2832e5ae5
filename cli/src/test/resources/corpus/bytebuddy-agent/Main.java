import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.dynamic.loading.ClassReloadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Redefines a loaded class with Byte Buddy through the Instrumentation that the jar's Launcher-Agent-Class
 * (Byte Buddy's own Installer) received before main.
 */
public class Main {
  public static class Greeting {
    public String text() {
      return "original";
    }
  }

  public static void main(String[] args) {
    ByteBuddyAgent.install();
    new ByteBuddy().redefine(Greeting.class).method(ElementMatchers.named("text"))
        .intercept(FixedValue.value("hello from byte buddy")).make()
        .load(Greeting.class.getClassLoader(), ClassReloadingStrategy.fromInstalledAgent());
    System.out.println(new Greeting().text());
  }
}
