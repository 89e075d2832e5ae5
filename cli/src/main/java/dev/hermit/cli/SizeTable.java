package dev.hermit.cli;

import dev.hermit.payload.PartSize;
import dev.hermit.pipeline.SizeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The size breakdown printed after a build: each part of the payload, unpacked and packed, largest first. */
final class SizeTable {
  private SizeTable() {}

  static List<String> lines(SizeReport sizes) {
    List<String> lines = new ArrayList<>();
    if (sizes == null || sizes.parts().isEmpty()) {
      return lines;
    }
    long packed = Math.max(1, sizes.compressed());
    lines.add(String.format(Locale.ROOT, "%-36s %10s %10s %6s", "where the bytes go", "unpacked", "packed", "share"));
    List<PartSize> parts = new ArrayList<>(sizes.parts());
    parts.sort((a, b) -> Long.compare(b.compressed(), a.compressed()));
    for (PartSize p : parts) {
      String name = p.part();
      if (name.equals(SizeReport.APP) && sizes.appNatives() > 0) {
        name += " (natives in jars " + bytes(sizes.appNatives()).strip() + ")";
      }
      lines.add(String.format(Locale.ROOT, "%-36s %10s %10s %5.1f%%", name, bytes(p.bytes()), bytes(p.compressed()),
          100.0 * p.compressed() / packed));
    }
    lines.add(String.format(Locale.ROOT, "%-36s %10s %10s", "payload tree", bytes(sizes.bytes()),
        bytes(sizes.compressed())));
    return lines;
  }

  static String bytes(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f KB", n / 1e3);
  }
}
