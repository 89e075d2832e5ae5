package dev.hermit.inspect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The closure of an ELF program's needed libraries, resolved as the dynamic loader would: the program, its
 * interpreter, and every object loaded, in load (breadth-first) order.
 */
public record DependencyGraph(
    LoadedObject program,
    Optional<String> interpreterName,
    Optional<Path> interpreter,
    List<LoadedObject> objects) {
  public DependencyGraph {
    objects = List.copyOf(objects);
  }

  /** ldd's flat list: each needed name once, in the order the loader meets it, with where it was found. */
  public List<Dependency> flat() {
    Map<String, Dependency> seen = new LinkedHashMap<>();
    for (LoadedObject object : objects) {
      for (Dependency d : object.dependencies()) {
        Dependency previous = seen.get(d.name());
        if (previous == null || (!previous.found() && d.found())) {
          seen.put(d.name(), d);
        }
      }
    }
    List<Dependency> result = new ArrayList<>();
    for (Dependency d : seen.values()) {
      if (!isInterpreter(d)) {
        result.add(d);
      }
    }
    return result;
  }

  public List<Dependency> missing() {
    List<Dependency> result = new ArrayList<>();
    for (Dependency d : flat()) {
      if (!d.found()) {
        result.add(d);
      }
    }
    return result;
  }

  private boolean isInterpreter(Dependency d) {
    return interpreter.isPresent() && d.path().equals(interpreter) && d.source() == Dependency.Source.ALREADY_LOADED;
  }
}
