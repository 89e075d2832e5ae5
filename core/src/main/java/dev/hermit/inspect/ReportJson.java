package dev.hermit.inspect;

import dev.hermit.payload.BuildInfo;
import dev.hermit.json.JsonWriter;
import dev.hermit.binary.elf.DynamicInfo;
import dev.hermit.binary.elf.ElfFile;
import dev.hermit.binary.elf.VersionNeed;
import dev.hermit.binary.macho.MachOFile;
import dev.hermit.binary.macho.MachOSlice;
import dev.hermit.binary.pe.PeFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Writes inspection reports as JSON: an array with one object per file (an {@code error} member on failure). */
public final class ReportJson {
  private final JsonWriter json = new JsonWriter().beginArray();

  public ReportJson add(InspectReport report) {
    json.beginObject();
    json.field("path", report.path().toString());
    json.field("size", report.size());
    json.field("format", report.format().name());
    report.elf().ifPresent(this::elf);
    report.dependencies().ifPresent(this::resolution);
    report.pe().ifPresent(this::pe);
    if (!report.macho().isEmpty()) {
      json.name("macho").beginArray();
      report.macho().forEach(this::macho);
      json.endArray();
    }
    report.hermit().ifPresent(this::hermit);
    json.endObject();
    return this;
  }

  private void hermit(HermitPayload h) {
    json.name("hermit").beginObject();
    json.field("launcher_size", h.launcherSize());
    json.field("payload_size", h.payloadSize());
    json.field("format_version", h.formatVersion());
    json.field("codec", h.codec());
    json.field("manifest_length", h.manifestLength());
    json.field("tree_length", h.treeLength());
    json.field("tree_size", h.treeSize());
    json.field("sha256", h.sha256());
    json.field("sha256_verified", h.hashVerified());
    json.field("exec", h.exec());
    json.stringArray("args", h.args());
    json.stringArray("env", h.env());
    h.fileTime().ifPresent(t -> json.field("file_time", t));
    json.name("info").any(h.info().map(BuildInfo::toMap).orElse(null));
    h.infoProblem().ifPresent(p -> json.field("info_problem", p));
    h.hermeticity().ifPresent(x -> {
      json.name("hermetic").beginObject();
      json.field("hermetic", x.hermetic());
      json.field("loader", x.loader());
      json.name("missing").beginArray();
      for (Hermeticity.Missing m : x.missing()) {
        json.beginObject().field("library", m.library()).field("needed_by", m.neededBy()).endObject();
      }
      json.endArray();
      json.name("minimum_versions").any(new java.util.TreeMap<>(x.minimumVersions()));
      json.name("natives").beginArray();
      for (Hermeticity.JarNative n : x.natives()) {
        json.beginObject().field("jar", n.jar()).field("path", n.library().path())
            .field("platform", n.library().binary().platform()).field("loads", n.loads());
        json.stringArray("needed", n.library().binary().needed());
        json.endObject();
      }
      json.endArray();
      json.endObject();
    });
    json.endObject();
  }

  /** A file that could not be read: its path and the one-line reason. */
  public ReportJson addError(Path path, String message) {
    json.beginObject().field("path", path.toString()).field("error", message).endObject();
    return this;
  }

  /** The finished JSON text (with a final newline). */
  public String finish() {
    return json.endArray().toString() + "\n";
  }

  private void elf(ElfFile elf) {
    json.name("elf").beginObject();
    json.field("class", elf.is64() ? 64 : 32);
    json.field("endian", elf.order() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
    json.field("type", elf.type().name());
    json.field("kind", elf.kind());
    json.field("machine", elf.machine().name());
    json.field("machine_value", elf.machine().value());
    json.field("arch", elf.arch());
    json.field("flags", "0x" + Long.toHexString(elf.flags()));
    elf.abiDetails().ifPresent(a -> json.field("abi", a));
    json.field("osabi", elf.osAbiName());
    json.field("osabi_value", elf.osAbi());
    json.field("linkage", elf.linkage().toString());
    json.name("interpreter").value(elf.interpreter().orElse(null));
    json.stringArray("needed", elf.needed());
    Optional<DynamicInfo> dynamic = elf.dynamic();
    json.name("soname").value(dynamic.flatMap(DynamicInfo::soname).orElse(null));
    json.stringArray("rpath", dynamic.map(DynamicInfo::rpath).orElse(java.util.List.of()));
    json.stringArray("runpath", dynamic.map(DynamicInfo::runpath).orElse(java.util.List.of()));
    json.name("minimum_versions").beginObject();
    for (Map.Entry<String, String> e : elf.minimumVersions().entrySet()) {
      json.field(e.getKey(), e.getValue());
    }
    json.endObject();
    json.name("version_needs").beginArray();
    for (VersionNeed need : elf.versionNeeds()) {
      json.beginObject().field("file", need.file()).name("versions").beginArray();
      for (VersionNeed.Version v : need.versions()) {
        json.value(v.weak() ? v.name() + " (weak)" : v.name());
      }
      json.endArray().endObject();
    }
    json.endArray();
    json.endObject();
  }

  private void resolution(DependencyGraph graph) {
    json.name("resolution").beginObject();
    graph.interpreterName().ifPresent(name -> {
      json.name("interpreter").beginObject().field("name", name);
      json.name("path").value(graph.interpreter().map(Path::toString).orElse(null));
      json.endObject();
    });
    json.name("libraries").beginArray();
    for (Dependency d : graph.flat()) {
      json.beginObject().field("name", d.name());
      json.name("path").value(d.path().map(Path::toString).orElse(null));
      json.field("found_via", d.source().toString());
      json.endObject();
    }
    json.endArray();
    json.name("tree").beginArray();
    for (LoadedObject o : graph.objects()) {
      json.beginObject().field("path", o.path().toString()).name("needs").beginArray();
      for (Dependency d : o.dependencies()) {
        json.beginObject().field("name", d.name());
        json.name("path").value(d.path().map(Path::toString).orElse(null));
        json.endObject();
      }
      json.endArray().endObject();
    }
    json.endArray();
    json.endObject();
  }

  private void pe(PeFile pe) {
    json.name("pe").beginObject();
    json.field("format", pe.pe32Plus() ? "PE32+" : "PE32");
    json.field("machine", pe.machine().name());
    json.field("machine_value", pe.machine().value());
    json.field("arch", pe.machine().arch());
    json.field("subsystem", pe.subsystem().name());
    json.field("dll", pe.dll());
    json.stringArray("imports", pe.imports());
    json.stringArray("delay_imports", pe.delayImports());
    json.stringArray("non_system_imports", pe.nonSystemImports());
    json.field("only_system_dlls", pe.nonSystemImports().isEmpty());
    json.endObject();
  }

  private void macho(MachOSlice slice) {
    MachOFile m = slice.file();
    json.beginObject();
    json.field("offset", slice.offset()).field("size", slice.size());
    json.field("arch", m.cpu().arch()).field("cputype", m.cpu().type()).field("cpusubtype", m.cpu().subtype());
    json.field("filetype", m.fileTypeName());
    json.name("dylinker").value(m.dylinker().orElse(null));
    json.name("install_name").value(m.installName().orElse(null));
    json.name("dylibs").beginArray();
    for (MachOFile.Dylib d : m.dylibs()) {
      json.beginObject().field("name", d.name()).field("kind", d.kind())
          .field("current_version", d.currentVersion())
          .field("compatibility_version", d.compatibilityVersion()).endObject();
    }
    json.endArray();
    json.stringArray("rpaths", m.rpaths());
    m.minimumOs().ifPresent(os -> json.name("minimum_os").beginObject().field("platform", os.platform())
        .field("version", os.version()).field("sdk", os.sdk()).endObject());
    json.field("code_signature", m.codeSignature());
    json.endObject();
  }
}
