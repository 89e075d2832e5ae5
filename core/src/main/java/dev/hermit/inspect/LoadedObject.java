package dev.hermit.inspect;

import dev.hermit.binary.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An object in the loaded closure: the file, its ELF facts and what its DT_NEEDED entries resolved to. */
public final class LoadedObject {
  private final Path path;
  private final ElfFile elf;
  private final LoadedObject loader;
  private final List<Dependency> dependencies = new ArrayList<>();

  LoadedObject(Path path, ElfFile elf, LoadedObject loader) {
    this.path = path;
    this.elf = elf;
    this.loader = loader;
  }

  public Path path() {
    return path;
  }

  public ElfFile elf() {
    return elf;
  }

  /** The object whose DT_NEEDED first brought this one in (null for the program and the interpreter). */
  public LoadedObject loader() {
    return loader;
  }

  public List<Dependency> dependencies() {
    return List.copyOf(dependencies);
  }

  void add(Dependency dependency) {
    dependencies.add(dependency);
  }
}
