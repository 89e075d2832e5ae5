import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;

/** Finds Nashorn by name through javax.script (a ServiceLoader lookup no reference shows) and runs a script. */
public class Main {
  public static void main(String[] args) throws Exception {
    ScriptEngine js = new ScriptEngineManager().getEngineByName("nashorn");
    if (js == null) {
      throw new IllegalStateException("no script engine named nashorn");
    }
    System.out.println(js.eval("'hello from ' + 'nashorn ' + [6, 7].reduce(function(a, b) { return a * b; })"));
  }
}
