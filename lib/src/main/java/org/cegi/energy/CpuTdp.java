package org.cegi.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cegi.internal.Check;
import org.cegi.internal.DataFiles;

/**
 * CPU model name → TDP, from the bundled tables ({@code data/hardware/}: Eco2AI's, then CodeCarbon's), matched
 * after normalising the name ({@code Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz} → {@code xeon gold 6230}).
 *
 * <pre>{@code
 * TdpMatch m = CpuTdp.bundled().lookup(CpuTdp.cpuModelName().orElse("unknown"), 8);
 * System.out.println(m.tdp() + " from " + m.source());
 * }</pre>
 *
 * <p>For the accurate figures a match must name a model number: a family-only row ("Intel Xeon", 61 W) says
 * nothing about the CPU at hand. When neither table holds the model the TDP is {@value #FALLBACK_W_PER_CPU} W per logical CPU, recorded as a
 * warning (a server core's share of a package TDP is typically 5–15 W).
 */
public final class CpuTdp {
  /** Fallback TDP per logical CPU, in W. */
  public static final double FALLBACK_W_PER_CPU = 10.0;
  /** Eco2AI's own fallback for an unknown CPU, in W (its {@code CONSTANT_CONSUMPTION}). */
  public static final double ECO2AI_FALLBACK_W = 100.1;

  private final Map<String, Row> eco2ai;
  private final Map<String, Row> codecarbon;

  private record Row(String name, double watts) {}

  CpuTdp(Map<String, Double> eco2ai, Map<String, Double> codecarbon) {
    this.eco2ai = index(eco2ai);
    this.codecarbon = index(codecarbon);
  }

  private static volatile CpuTdp bundled;

  /** The tables in {@code data/hardware/} (loaded once). */
  public static CpuTdp bundled() {
    CpuTdp t = bundled;
    if (t == null) {
      t = new CpuTdp(read("hardware/eco2ai_cpu_names.csv"), read("hardware/codecarbon_cpu_power.csv"));
      bundled = t;
    }
    return t;
  }

  private static Map<String, Double> read(String relative) {
    Map<String, Double> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(DataFiles.open(relative), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        List<String> f = splitCsv(line);
        if (f.size() < 2 || f.get(0).isBlank() || f.get(1).isBlank()) {
          continue;
        }
        try {
          out.putIfAbsent(f.get(0).trim(), Double.parseDouble(f.get(1).trim()));
        } catch (NumberFormatException e) {
          // a row without a numeric TDP cannot be used
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + DataFiles.describe(relative) + ": " + e.getMessage(), e);
    }
    return out;
  }

  static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static Map<String, Row> index(Map<String, Double> table) {
    Map<String, Row> out = new LinkedHashMap<>();
    table.forEach((name, w) -> out.putIfAbsent(normalise(name), new Row(name, w)));
    return out;
  }

  /**
   * Normalises a CPU model name: lower case; vendor marks ((R), (TM), ®, ™), the vendor, the words CPU and
   * Processor, core counts ("8-Core"), clock suffixes ("@ 2.10GHz") and "with Radeon Graphics" removed.
   */
  public static String normalise(String name) {
    String s = name.toLowerCase(Locale.ROOT);
    s = s.replaceAll("\\((r|tm|c)\\)|®|™", " ");
    s = s.replaceAll("@.*$", " ");
    s = s.replaceAll("\\b\\d+(\\.\\d+)?\\s*[gm]hz\\b", " ");
    s = s.replaceAll("\\bwith radeon.*$", " ");
    s = s.replaceAll("\\b\\d+-core\\b|\\b(dual|quad|six|eight|twelve|sixteen)-core\\b", " ");
    s = s.replaceAll("\\b(intel|amd|cpu|processor|apu)\\b", " ");
    s = s.replaceAll("[^a-z0-9.+-]+", " ");
    return s.trim().replaceAll("\\s+", " ");
  }

  /**
   * TDP for a model from Eco2AI's table, then CodeCarbon's; else {@value #FALLBACK_W_PER_CPU} W ×
   * {@code logicalCpus}, with a warning.
   */
  public TdpMatch lookup(String cpuModel, int logicalCpus) {
    Check.nonBlank("cpuModel", cpuModel);
    Check.positive("logicalCpus", logicalCpus);
    Optional<TdpMatch> m = find(eco2ai, cpuModel, "eco2ai", true);
    if (m.isEmpty()) {
      m = find(codecarbon, cpuModel, "codecarbon", true);
    }
    return m.orElseGet(() -> new TdpMatch(Power.ofWatts(FALLBACK_W_PER_CPU * logicalCpus), cpuModel, "fallback",
        "fallback", List.of(String.format(Locale.ROOT,
            "CPU model \"%s\" is in neither TDP table (data/hardware/): TDP assumed %.0f W per logical CPU x %d = "
                + "%.0f W. Measure with RAPL or pass the real TDP.",
            cpuModel, FALLBACK_W_PER_CPU, logicalCpus, FALLBACK_W_PER_CPU * logicalCpus))));
  }

  /**
   * TDP as Eco2AI would take it: its table only (a family-only row such as "Intel Xeon" counts, as in Eco2AI),
   * else its {@value #ECO2AI_FALLBACK_W} W constant.
   */
  public TdpMatch lookupEco2ai(String cpuModel) {
    Check.nonBlank("cpuModel", cpuModel);
    return find(eco2ai, cpuModel, "eco2ai", false).orElseGet(() -> new TdpMatch(Power.ofWatts(ECO2AI_FALLBACK_W), cpuModel,
        "fallback", "fallback", List.of("CPU model \"" + cpuModel + "\" is not in Eco2AI's table: Eco2AI's constant "
            + ECO2AI_FALLBACK_W + " W used, as Eco2AI does.")));
  }

  private static Optional<TdpMatch> find(Map<String, Row> table, String model, String source, boolean needNumber) {
    String n = normalise(model);
    Row exact = table.get(n);
    if (exact != null && (!needNumber || n.matches(".*\\d.*"))) {
      return Optional.of(new TdpMatch(Power.ofWatts(exact.watts()), model, exact.name(), source, List.of()));
    }
    // longest table name that appears as whole words in the model name and holds a model number
    String padded = " " + n + " ";
    Row best = null;
    String bestKey = "";
    for (Map.Entry<String, Row> e : table.entrySet()) {
      String k = e.getKey();
      if (k.length() > bestKey.length() && k.matches(".*\\d.*") && padded.contains(" " + k + " ")) {
        best = e.getValue();
        bestKey = k;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(new TdpMatch(Power.ofWatts(best.watts()), model, best.name(), source,
        List.of("CPU model \"" + model + "\" matched \"" + best.name() + "\" in the " + source
            + " TDP table by name fragment.")));
  }

  /** The model name of the first CPU in {@code /proc/cpuinfo}. */
  public static Optional<String> cpuModelName() {
    return cpuModelName(Path.of("/proc/cpuinfo"));
  }

  /** The model name of the first CPU in a cpuinfo file. */
  public static Optional<String> cpuModelName(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          String v = line.substring(line.indexOf(':') + 1).trim();
          return v.isEmpty() ? Optional.empty() : Optional.of(v);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Logical CPUs listed in a cpuinfo file, or the JVM's available processors when it cannot be read. */
  public static int logicalCpus(Path cpuinfo) {
    try {
      long n = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("processor")).count();
      if (n > 0) {
        return (int) n;
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return Runtime.getRuntime().availableProcessors();
  }
}
