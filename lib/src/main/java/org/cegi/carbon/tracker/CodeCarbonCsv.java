package org.cegi.carbon.tracker;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.energy.Method;
import org.cegi.measure.Measurement;

/**
 * CodeCarbon-compatible {@code emissions.csv}: CodeCarbon's column set and units (duration s, emissions kg,
 * emissions_rate kg/s, power W, energy kWh), followed by cegi's provenance columns ({@code method_gpu},
 * {@code method_cpu}, {@code method_ram}, {@code intensity_g_per_kwh}, {@code intensity_source}, {@code co2e_g},
 * {@code warnings}, …), which tools that read CodeCarbon files by column name ignore.
 *
 * <pre>{@code
 * CodeCarbonCsv.append(Path.of("emissions.csv"), me, "my-project");
 * List<TrackerRecord> rows = CodeCarbonCsv.read(Path.of("emissions.csv"));   // also CodeCarbon's own files
 * }</pre>
 */
public final class CodeCarbonCsv {
  /** CodeCarbon's columns (2.x/3.x {@code emissions.csv}). */
  public static final List<String> CODECARBON_COLUMNS = List.of(
      "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
      "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
      "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os", "python_version",
      "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude", "latitude",
      "ram_total_size", "tracking_mode", "on_cloud", "pue");

  /** cegi's provenance columns appended after CodeCarbon's. */
  public static final List<String> CEGI_COLUMNS = List.of(
      "window", "probe_gpu", "method_gpu", "method_cpu", "method_ram", "devices", "intensity_g_per_kwh",
      "intensity_source", "co2e_g", "energy_net_kwh", "eco2ai_energy_kwh", "eco2ai_co2e_g", "cegi_version",
      "warnings");

  private CodeCarbonCsv() {}

  /** @return every column written, CodeCarbon's first */
  public static List<String> header() {
    List<String> h = new ArrayList<>(CODECARBON_COLUMNS);
    h.addAll(CEGI_COLUMNS);
    return h;
  }

  /** The row for a measurement, in {@link #header()} order. */
  public static List<String> row(MeasurementEmissions me, String projectName) {
    Measurement m = me.measurement();
    double d = m.durationS();
    double kg = me.emissions().kilograms();
    List<String> r = new ArrayList<>();
    r.add(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(m.started().atOffset(ZoneOffset.UTC)));
    r.add(projectName);
    r.add(me.runId());
    r.add(me.runId());
    r.add(TrackerCsv.num(d));
    r.add(TrackerCsv.num(kg));
    r.add(TrackerCsv.num(d > 0 ? kg / d : 0));
    r.add(TrackerCsv.num(power(m, Component.CPU)));
    r.add(TrackerCsv.num(power(m, Component.GPU)));
    r.add(TrackerCsv.num(power(m, Component.RAM)));
    r.add(TrackerCsv.num(m.gross(Component.CPU).kilowattHours()));
    r.add(TrackerCsv.num(m.gross(Component.GPU).kilowattHours()));
    r.add(TrackerCsv.num(m.gross(Component.RAM).kilowattHours()));
    r.add(TrackerCsv.num(me.emissions().energy().kilowattHours()));
    r.add("");
    r.add(me.emissions().intensity().region());
    r.add("");
    r.add("");
    r.add("");
    r.add(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    r.add("");
    r.add("");
    r.add(Integer.toString(Runtime.getRuntime().availableProcessors()));
    r.add(devices(m, Component.CPU));
    r.add(Long.toString(m.components().stream().filter(c -> c.component() == Component.GPU)
        .mapToLong(c -> c.devices().size()).sum()));
    r.add(devices(m, Component.GPU));
    r.add("");
    r.add("");
    r.add(TrackerCsv.num(Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024)));
    r.add("process");
    r.add("N");
    r.add(TrackerCsv.num(me.emissions().pue()));
    r.add(m.name());
    r.add(m.components().stream().filter(c -> c.component() == Component.GPU).map(c -> c.probe())
        .findFirst().orElse("none"));
    r.add(m.method(Component.GPU).map(Method::label).orElse("none"));
    r.add(m.method(Component.CPU).map(Method::label).orElse("none"));
    r.add(m.method(Component.RAM).map(Method::label).orElse("none"));
    r.add(String.join("; ", m.devices()));
    r.add(TrackerCsv.num(me.emissions().intensity().gramsPerKwh()));
    r.add(me.emissions().intensity().source());
    r.add(TrackerCsv.num(me.emissions().grams()));
    r.add(TrackerCsv.num(m.netEnergy().kilowattHours()));
    r.add(me.eco2ai().map(e -> TrackerCsv.num(e.energy().kilowattHours())).orElse(""));
    r.add(me.eco2ai().map(e -> TrackerCsv.num(e.grams())).orElse(""));
    r.add(MeasurementEmissions.cegiVersion());
    r.add(String.join(" | ", me.emissions().warnings()));
    return r;
  }

  private static double power(Measurement m, Component c) {
    return m.durationS() > 0 ? m.gross(c).joules() / m.durationS() : 0;
  }

  private static String devices(Measurement m, Component c) {
    return String.join("; ", m.components().stream().filter(x -> x.component() == c)
        .flatMap(x -> x.devices().stream()).distinct().toList());
  }

  /** Appends one row (header first in a new file); see {@link TrackerCsv} for the no-partial-row guarantee. */
  public static void append(Path file, MeasurementEmissions me, String projectName) {
    List<String> row = row(me, projectName);
    TrackerCsv.append(file, header(), row);
  }

  /**
   * Reads a CodeCarbon {@code emissions.csv} (CodeCarbon's own or one written here): duration (s), emissions
   * (kg → g), energy_consumed (kWh), region from {@code country_iso_code} or {@code region}, pue (1.0 if absent).
   */
  public static List<TrackerRecord> read(Path file) {
    List<TrackerRecord> out = new ArrayList<>();
    int line = 1;
    for (Map<String, String> row : TrackerCsv.read(file)) {
      line++;
      List<String> w = new ArrayList<>();
      double pue = row.containsKey("pue") && !row.get("pue").isBlank() ? TrackerCsv.number(row, "pue", file, line) : 1.0;
      if (!row.containsKey("pue")) {
        w.add("No pue column: PUE 1.0 assumed, as CodeCarbon's default.");
      }
      String region = TrackerCsv.text(row, "country_iso_code", TrackerCsv.text(row, "region", "unknown"));
      String tool = row.containsKey("cegi_version") ? "cegi" : "codecarbon";
      out.add(new TrackerRecord(tool, TrackerCsv.text(row, "project_name", ""),
          TrackerCsv.text(row, "run_id", TrackerCsv.text(row, "experiment_id", "unknown")),
          TrackerCsv.text(row, "timestamp", ""),
          TrackerCsv.number(row, "duration", file, line),
          Energy.ofKilowattHours(TrackerCsv.number(row, "energy_consumed", file, line)),
          TrackerCsv.number(row, "emissions", file, line) * 1e3, region, pue, w));
    }
    return out;
  }
}
