import com.sun.source.util.JavacTask;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Writes core's dev/hermit/app/newer-apis.txt: the public API of the java.* modules that the first release given
 * lacks and a later one has, each name with the release that first has it final ("21"), or the last that has it as a
 * preview ("25 preview"). Read from javac's own view of each release (--release N: its ct.sym and the running JDK), so run
 * it on a JDK at least as new as the last release:
 *   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/newer-apis/generate
 */
public class NewerApiTable {
  public static void main(String[] args) throws java.io.IOException {
    List<Map<String, Boolean>> releases = new ArrayList<>(); // each release's names, true where a preview
    for (String r : args) {
      releases.add(names(r));
    }
    Map<String, Boolean> base = releases.get(0);
    Map<String, String> since = new TreeMap<>();
    for (int i = 1; i < args.length; i++) {
      for (Map.Entry<String, Boolean> e : releases.get(i).entrySet()) {
        String name = e.getKey();
        if (base.containsKey(name) || since.containsKey(name) && !since.get(name).endsWith(" preview")) {
          continue;
        }
        // final here, or the latest release that previews it: an earlier preview's API has changed since
        since.put(name, args[i] + (e.getValue() ? " preview" : ""));
      }
    }
    since.forEach((name, release) -> System.out.println(name + " " + release));
  }

  /** "java.lang.Thread", "java.lang.Thread#ofVirtual" (members, inherited ones too), "package java.lang.foreign". */
  static Map<String, Boolean> names(String release) throws java.io.IOException {
    JavaFileObject empty = new SimpleJavaFileObject(URI.create("string:///X.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return "class X {}";
      }
    };
    JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
        List.of("--release", release), null, List.of(empty));
    task.analyze();
    Elements elements = task.getElements();
    Map<String, Boolean> names = new TreeMap<>();
    for (ModuleElement m : elements.getAllModuleElements()) {
      if (!m.getQualifiedName().toString().startsWith("java.")) {
        continue;
      }
      for (ModuleElement.Directive d : m.getDirectives()) {
        if (d instanceof ModuleElement.ExportsDirective e && e.getTargetModules() == null) {
          PackageElement p = e.getPackage();
          boolean allPreview = true;
          boolean any = false;
          for (Element t : p.getEnclosedElements()) {
            if (t.getModifiers().contains(Modifier.PUBLIC)) {
              type(elements, (TypeElement) t, names);
              any = true;
              allPreview &= preview(t);
            }
          }
          if (any) {
            names.put("package " + p.getQualifiedName(), allPreview);
          }
        }
      }
    }
    return names;
  }

  private static void type(Elements elements, TypeElement type, Map<String, Boolean> names) {
    String name = type.getQualifiedName().toString();
    boolean preview = preview(type);
    names.put(name, preview);
    for (Element m : elements.getAllMembers(type)) {
      boolean visible = m.getModifiers().contains(Modifier.PUBLIC) || m.getModifiers().contains(Modifier.PROTECTED);
      if (!visible) {
        continue;
      }
      if (m.getKind().isClass() || m.getKind().isInterface()) {
        if (m.getEnclosingElement().equals(type)) {
          type(elements, (TypeElement) m, names);
        }
      } else if (m.getKind() == ElementKind.METHOD || m.getKind().isField()) {
        names.merge(name + "#" + m.getSimpleName(), preview || preview(m), (a, b) -> a && b); // overloads
      }
    }
  }

  private static boolean preview(Element e) {
    return (((Symbol) e).flags() & Flags.PREVIEW_API) != 0;
  }
}
