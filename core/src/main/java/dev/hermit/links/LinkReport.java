package dev.hermit.links;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the link check found: the app's references into the JDK that the linked runtime cannot resolve, those
 * missing from the JDK altogether (a newer JDK's API, often probed for behind a guard) apart from those in JDK
 * modules the runtime lacks (a module-analysis miss).
 *
 * @param feature the runtime's Java feature version
 * @param classesChecked how many app classes were read
 * @param runtimeSource where the runtime's classes were read from
 * @param missing sorted by package, then owner, then member
 * @param newerChecked the newer Java feature versions whose JDKs were looked in for the first version that has
 *     each reference missing from the JDK (Missing#firstJava), ascending; empty when none was at hand
 */
public record LinkReport(int feature, int classesChecked, String runtimeSource, List<Missing> missing,
    List<Integer> newerChecked) {
  private static final int ITEMS_PER_LINE = 3;
  private static final int FROM_PER_LINE = 2;

  public LinkReport(int feature, int classesChecked, String runtimeSource, List<Missing> missing) {
    this(feature, classesChecked, runtimeSource, missing, List.of());
  }

  public LinkReport {
    newerChecked = List.copyOf(newerChecked);
    missing = missing.stream().sorted(Comparator.comparing(Missing::packageName).thenComparing(Missing::owner)
        .thenComparing(m -> m.member() == null ? "" : m.member())).toList();
  }

  public boolean isEmpty() {
    return missing.isEmpty();
  }

  /** This report with each reference missing from the JDK marked with the first newer version that has it. */
  LinkReport withNewer(List<Integer> checked, java.util.function.UnaryOperator<Missing> mark) {
    return new LinkReport(feature, classesChecked, runtimeSource, missing.stream().map(mark).toList(), checked);
  }

  /** References missing from the JDK the runtime was linked from. */
  public List<Missing> notInJdk() {
    return missing.stream().filter(m -> m.module() == null).toList();
  }

  /** References into JDK modules the runtime was not linked with. */
  public List<Missing> inLackingModules() {
    return missing.stream().filter(m -> m.module() != null).toList();
  }

  /** One sentence: how many, of which kind, and what they mean. */
  public String headline() {
    List<Missing> absent = notInJdk();
    List<Missing> lacking = inLackingModules();
    List<String> parts = new ArrayList<>();
    if (!absent.isEmpty()) {
      parts.add(absent.size() + " missing from Java " + feature + " (" + plural(count(absent, true), "package")
          + newer(absent) + ")");
    }
    if (!lacking.isEmpty()) {
      parts.add(lacking.size() + " in JDK modules the runtime lacks (" + plural(count(lacking, false), "module") + ")");
    }
    return plural(missing.size(), "reference") + " from the app's classes into the JDK "
        + (missing.size() == 1 ? "does" : "do") + " not resolve in the linked runtime: " + String.join(", ", parts);
  }

  /** What the newer JDKs at hand said of the references missing from this one: "; all are in Java 21". */
  private String newer(List<Missing> absent) {
    if (newerChecked.isEmpty()) {
      return "";
    }
    List<Integer> firsts = absent.stream().map(Missing::firstJava).filter(v -> v > 0).distinct().sorted().toList();
    long none = absent.stream().filter(m -> m.firstJava() == 0).count();
    // the Java that has all of those found: what --java would take to link them
    String hint = firsts.isEmpty() ? "" : " (--java " + firsts.get(firsts.size() - 1) + ")";
    if (none == 0) {
      return "; " + (absent.size() == 1 ? "it is" : firsts.size() == 1 ? "all are" : "each is") + " in Java "
          + or(firsts) + hint;
    }
    if (none == absent.size()) {
      return "; " + (none == 1 ? "not" : "none") + " in Java " + or(newerChecked) + " either";
    }
    return "; " + (absent.size() - none) + " in Java " + or(firsts) + hint + ", " + none + " in none of Java "
        + or(newerChecked);
  }

  private static String or(List<Integer> versions) {
    List<String> v = versions.stream().map(String::valueOf).toList();
    return v.size() == 1 ? v.get(0) : String.join(", ", v.subList(0, v.size() - 1)) + " or " + v.get(v.size() - 1);
  }

  /** The headline and one line per package (per lacking module), at most maxLines of them. */
  public List<String> summary(int maxLines) {
    List<String> all = groupLines();
    List<String> out = new ArrayList<>();
    out.add(headline());
    all.stream().limit(maxLines).forEach(out::add);
    if (all.size() > maxLines) {
      out.add("  ... and " + (all.size() - maxLines) + " more (the verbose listing has every reference)");
    }
    return out;
  }

  /** Every missing reference on its own line with every class that refers to it, grouped as in the summary. */
  public List<String> details() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Missing>> g : groups().entrySet()) {
      out.add(g.getKey() + ":");
      for (Missing m : g.getValue()) {
        out.add("    " + m.describeWithVersion() + " <- " + String.join(", ", m.from().stream().map(LinkReport::dotted).toList()));
      }
    }
    return out;
  }

  private List<String> groupLines() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Missing>> g : groups().entrySet()) {
      List<Missing> items = g.getValue();
      SortedSet<String> from = new TreeSet<>();
      items.forEach(m -> from.addAll(m.from()));
      List<String> shown = items.stream().limit(ITEMS_PER_LINE).map(Missing::describeWithVersion).toList();
      out.add("  " + g.getKey() + ": " + String.join("; ", shown)
          + (items.size() > shown.size() ? "; and " + (items.size() - shown.size()) + " more" : "")
          + " <- " + String.join(", ", from.stream().limit(FROM_PER_LINE).map(LinkReport::dotted).toList())
          + (from.size() > FROM_PER_LINE ? " and " + (from.size() - FROM_PER_LINE) + " more classes" : ""));
    }
    return out;
  }

  /** Missing references by JDK package, then those of each lacking module. */
  private Map<String, List<Missing>> groups() {
    Map<String, List<Missing>> g = new LinkedHashMap<>();
    for (Missing m : notInJdk()) {
      g.computeIfAbsent(m.packageName(), k -> new ArrayList<>()).add(m);
    }
    inLackingModules().stream().sorted(Comparator.comparing(Missing::module)).forEach(m -> g.computeIfAbsent(
        "in module " + m.module() + ", which the runtime lacks", k -> new ArrayList<>()).add(m));
    return g;
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static long count(List<Missing> list, boolean packages) {
    return list.stream().map(m -> packages ? m.packageName() : m.module()).distinct().count();
  }

  /** App class names as the user knows them. */
  private static String dotted(String internal) {
    return internal.replace('/', '.');
  }
}
