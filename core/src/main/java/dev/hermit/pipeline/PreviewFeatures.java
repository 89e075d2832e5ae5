package dev.hermit.pipeline;

import dev.hermit.app.ClassVersions;
import java.util.ArrayList;
import java.util.List;

/**
 * Classes compiled with {@code --enable-preview} run only on that very Java and only with {@code --enable-preview}
 * ("Preview features are not enabled for Prev (class file version 69.65535)"): their author runs them so, so the
 * output does too, and the build says it.
 */
final class PreviewFeatures {
  private PreviewFeatures() {}

  static final String OPTION = "--enable-preview";

  static List<String> enable(ClassVersions.Headers headers, int runtime, List<String> jvmOptions,
      BuildListener listener) {
    if (jvmOptions.contains(OPTION)) {
      return jvmOptions;
    }
    return headers.preview(runtime).map(o -> {
      listener.warn(o.className() + " in " + o.where() + " uses Java " + runtime + "'s preview features (class file "
          + "version " + o.major() + "." + o.minor() + "): the output runs with " + OPTION + ", as java must");
      List<String> out = new ArrayList<>(jvmOptions);
      out.add(OPTION);
      return List.copyOf(out);
    }).orElse(jvmOptions);
  }
}
