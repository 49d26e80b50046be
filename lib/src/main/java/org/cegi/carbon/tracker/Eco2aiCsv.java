package org.cegi.carbon.tracker;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.measure.Measurement;

/**
 * Eco2AI-compatible CSV rows (Eco2AI ≤ 0.3.12 columns: energy in kWh with PUE included, CO2 in kg). A row holds
 * the Eco2AI-compatible figures when the measurement has them, else the accurate ones; the
 * {@code experiment_description} column says which.
 *
 * <pre>{@code
 * Eco2aiCsv.append(Path.of("emission.csv"), me, "my-project");
 * List<TrackerRecord> rows = Eco2aiCsv.read(Path.of("emission.csv"));  // also Eco2AI's own files
 * }</pre>
 */
public final class Eco2aiCsv {
  /** Eco2AI's columns. */
  public static final List<String> COLUMNS = List.of(
      "id", "project_name", "experiment_description", "epoch", "start_time", "duration(s)",
      "power_consumption(kWh)", "CO2_emissions(kg)", "CPU_name", "GPU_name", "OS", "region/country", "cost");

  /** Older Eco2AI releases spelled the energy column this way; files written by them are read too. */
  static final String LEGACY_ENERGY_COLUMN = "power_consumption(kWTh)";

  private Eco2aiCsv() {}

  /** The row for a measurement, in {@link #COLUMNS} order. */
  public static List<String> row(MeasurementEmissions me, String projectName) {
    Measurement m = me.measurement();
    boolean eco = me.eco2ai().isPresent();
    Emissions e = me.eco2ai().orElse(me.emissions());
    List<String> r = new ArrayList<>();
    r.add(me.runId());
    r.add(projectName);
    r.add(m.name() + (eco ? " (cegi, Eco2AI-compatible accounting)" : " (cegi, accurate accounting)"));
    r.add("N/A");
    r.add(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(m.started().atOffset(ZoneOffset.UTC)));
    r.add(TrackerCsv.num(m.durationS()));
    r.add(TrackerCsv.num(e.energy().kilowattHours() * e.pue()));
    r.add(TrackerCsv.num(e.kilograms()));
    r.add(names(m, Component.CPU));
    r.add(names(m, Component.GPU));
    r.add(System.getProperty("os.name"));
    r.add(e.intensity().region());
    r.add("N/A");
    return r;
  }

  private static String names(Measurement m, Component c) {
    List<String> d = m.components().stream().filter(x -> x.component() == c).flatMap(x -> x.devices().stream())
        .distinct().toList();
    return d.isEmpty() ? "N/A" : String.join("; ", d);
  }

  /** Appends one row (header first in a new file); never a partial row. */
  public static void append(Path file, MeasurementEmissions me, String projectName) {
    TrackerCsv.append(file, COLUMNS, row(me, projectName));
  }

  /**
   * Reads an Eco2AI CSV: {@code duration(s)}, {@code power_consumption(kWh)} (PUE included, so PUE 1.0 is
   * recorded), {@code CO2_emissions(kg)} → g, {@code region/country}.
   */
  public static List<TrackerRecord> read(Path file) {
    List<TrackerRecord> out = new ArrayList<>();
    int line = 1;
    for (Map<String, String> row : TrackerCsv.read(file)) {
      line++;
      out.add(new TrackerRecord("eco2ai", TrackerCsv.text(row, "project_name", ""),
          TrackerCsv.text(row, "id", "unknown"), TrackerCsv.text(row, "start_time", ""),
          TrackerCsv.number(row, "duration(s)", file, line),
          Energy.ofKilowattHours(TrackerCsv.number(row,
              row.containsKey(LEGACY_ENERGY_COLUMN) && !row.containsKey("power_consumption(kWh)")
                  ? LEGACY_ENERGY_COLUMN : "power_consumption(kWh)", file, line)),
          TrackerCsv.number(row, "CO2_emissions(kg)", file, line) * 1e3,
          TrackerCsv.text(row, "region/country", "unknown"), 1.0,
          List.of("Eco2AI energy already includes PUE: PUE recorded as 1.0.")));
    }
    return out;
  }
}
