package dev.hermit.pipeline;

import dev.hermit.InputException;
import dev.hermit.Setting;
import dev.hermit.app.AppInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * {@code --modules-for JAR}: a jar the output does not carry but whose code runs in it, a Java agent attached at run
 * time ({@code JAVA_TOOL_OPTIONS=-javaagent:/otel/javaagent.jar}, as Kubernetes' OpenTelemetry operator injects).
 * The runtime is trimmed to what the app needs, so without this such an agent stops the JVM ("Module
 * java.instrument may be missing from runtime image") or fails in its premain (java.util.logging not found). Its
 * classes are analysed with the app's, and an agent's manifest brings java.instrument.
 */
final class ModulesFor {
  private ModulesFor() {}

  /** The app as module analysis reads it: its class path, then the jars. */
  static AppInput analysed(AppInput app, List<Path> jars) {
    if (jars.isEmpty()) {
      return app;
    }
    List<Path> classPath = new ArrayList<>(app.classPath());
    classPath.addAll(jars);
    return app.withClassPath(classPath);
  }

  /** java.instrument for a jar whose manifest names a Premain-Class or Agent-Class; refuses what is not a jar. */
  static Set<String> agentModules(List<Path> jars, BuildListener listener) {
    Set<String> modules = new LinkedHashSet<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new InputException(jar + " does not exist or is not a file", Setting.MODULES_FOR, jar);
      }
      try (JarFile j = new JarFile(jar.toFile())) {
        Attributes main = j.getManifest() == null ? new Attributes() : j.getManifest().getMainAttributes();
        boolean agent = main.getValue("Premain-Class") != null || main.getValue("Agent-Class") != null;
        listener.detail("--modules-for " + jar + ": its classes are analysed, the jar is not carried"
            + (agent ? "; an agent, so java.instrument" : ""));
        if (agent) {
          modules.add("java.instrument");
        }
      } catch (IOException e) {
        throw new InputException(jar + " is not a readable jar: " + e.getMessage(), Setting.MODULES_FOR, jar, e);
      }
    }
    return modules;
  }
}
