package org.cegi.frames;

import java.util.Collection;
import java.util.List;
import org.cegi.carbon.Emissions;
import org.cegi.carbon.tracker.MeasurementEmissions;
import org.cegi.carbon.tracker.TrackerRecord;
import org.cegi.energy.Component;
import org.cegi.energy.Method;
import org.cegi.internal.Check;
import org.cegi.measure.Eco2aiFigures;
import org.cegi.measure.Measurement;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tablesaw tables of energy measurements, their emissions and tracker files. Each call returns a new table;
 * inputs are never changed. Every row says how its figures were obtained ({@code method_*} columns, warnings).
 *
 * <pre>{@code
 * Show.table(MeasurementFrames.of(monitor.measurements()));        // one row per window
 * Show.table(MeasurementFrames.eco2aiComparison(monitor.measurements()));
 * }</pre>
 */
public final class MeasurementFrames {
  /** Written in a {@code method_*} column when the component had no probe. */
  public static final String NOT_MEASURED = "none";

  private MeasurementFrames() {}

  /**
   * One row per window, in the order given. Columns: {@code window, duration_s}, then for GPU, CPU and RAM
   * {@code energy_*_j} (gross) and {@code energy_*_net_j}, then {@code energy_j, energy_net_j, power_avg_w,
   * method_gpu, method_cpu, method_ram, warnings} (the number of warnings; {@link #warnings} lists them). A
   * component without a probe has missing energies and method {@value #NOT_MEASURED}: not measured is not 0.
   */
  public static Table of(Collection<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    StringColumn window = StringColumn.create("window");
    DoubleColumn duration = DoubleColumn.create("duration_s");
    DoubleColumn[] gross = new DoubleColumn[3];
    DoubleColumn[] net = new DoubleColumn[3];
    StringColumn[] method = new StringColumn[3];
    Component[] comps = Component.values();
    for (int i = 0; i < 3; i++) {
      gross[i] = DoubleColumn.create("energy_" + comps[i].label() + "_j");
      net[i] = DoubleColumn.create("energy_" + comps[i].label() + "_net_j");
      method[i] = StringColumn.create("method_" + comps[i].label());
    }
    DoubleColumn total = DoubleColumn.create("energy_j");
    DoubleColumn totalNet = DoubleColumn.create("energy_net_j");
    DoubleColumn power = DoubleColumn.create("power_avg_w");
    IntColumn warnings = IntColumn.create("warnings");
    for (Measurement m : measurements) {
      window.append(m.name());
      duration.append(m.durationS());
      for (int i = 0; i < 3; i++) {
        if (m.has(comps[i])) {
          gross[i].append(m.gross(comps[i]).joules());
          net[i].append(m.net(comps[i]).joules());
        } else {
          gross[i].appendMissing();
          net[i].appendMissing();
        }
        method[i].append(m.method(comps[i]).map(Method::label).orElse(NOT_MEASURED));
      }
      total.append(m.grossEnergy().joules());
      totalNet.append(m.netEnergy().joules());
      power.append(m.averagePower().watts());
      warnings.append(m.warnings().size());
    }
    Table t = Table.create("Energy per window (gross = as measured, net = idle baseline subtracted)", window,
        duration);
    for (int i = 0; i < 3; i++) {
      t.addColumns(gross[i], net[i]);
    }
    t.addColumns(total, totalNet, power);
    t.addColumns(method);
    t.addColumns(warnings);
    return t;
  }

  /**
   * One row per window and measured component (long format: narrow enough to read, easy to group). Columns:
   * {@code window, component, probe, method, duration_s, energy_j} (gross), {@code energy_net_j, idle_power_w}
   * (the baseline subtracted) and {@code power_avg_w} (gross). Components without a probe have no row: the
   * measurements' warnings say why ({@link #warnings}).
   */
  public static Table perComponent(Collection<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    StringColumn window = StringColumn.create("window");
    StringColumn component = StringColumn.create("component");
    StringColumn probe = StringColumn.create("probe");
    StringColumn method = StringColumn.create("method");
    DoubleColumn duration = DoubleColumn.create("duration_s");
    DoubleColumn gross = DoubleColumn.create("energy_j");
    DoubleColumn net = DoubleColumn.create("energy_net_j");
    DoubleColumn idle = DoubleColumn.create("idle_power_w");
    DoubleColumn power = DoubleColumn.create("power_avg_w");
    for (Measurement m : measurements) {
      for (org.cegi.measure.ComponentMeasurement c : m.components()) {
        window.append(m.name());
        component.append(c.component().name());
        probe.append(c.probe());
        method.append(c.method().label());
        duration.append(m.durationS());
        gross.append(c.gross().joules());
        net.append(c.net().joules());
        idle.append(c.idlePower().watts());
        power.append(m.durationS() > 0 ? c.gross().joules() / m.durationS() : 0.0);
      }
    }
    return Table.create("Energy per window and component (gross = as measured, net = idle baseline subtracted)",
        window, component, probe, method, duration, gross, net, idle, power);
  }

  /**
   * Every distinct warning of the measurements, one row each, with the windows that carry it. Columns:
   * {@code warning, windows}.
   */
  public static Table warnings(Collection<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    java.util.Map<String, java.util.List<String>> byWarning = new java.util.LinkedHashMap<>();
    for (Measurement m : measurements) {
      for (String w : m.warnings()) {
        List<String> names = byWarning.computeIfAbsent(w, k -> new java.util.ArrayList<>());
        if (!names.contains(m.name())) {
          names.add(m.name());
        }
      }
    }
    StringColumn warning = StringColumn.create("warning");
    StringColumn windows = StringColumn.create("windows");
    byWarning.forEach((w, names) -> {
      warning.append(w);
      windows.append(String.join(", ", names));
    });
    return Table.create("Warnings of the measurements", warning, windows);
  }

  /**
   * The same windows accounted two ways, one row per window that has Eco2AI-compatible figures (the monitor was
   * built with {@code eco2aiCompatible(true)}). Columns: {@code window, duration_s, energy_j} (gross, this
   * monitor's probes), {@code eco2ai_energy_j, eco2ai_gpu_j, eco2ai_cpu_j, eco2ai_ram_j, eco2ai_readings} and
   * {@code difference_pct} ((Eco2AI − gross) / gross × 100; missing when gross is 0).
   *
   * @throws IllegalArgumentException when no measurement has Eco2AI figures
   */
  public static Table eco2aiComparison(Collection<Measurement> measurements) {
    Check.noNulls("measurements", measurements);
    StringColumn window = StringColumn.create("window");
    DoubleColumn duration = DoubleColumn.create("duration_s");
    DoubleColumn accurate = DoubleColumn.create("energy_j");
    DoubleColumn eco = DoubleColumn.create("eco2ai_energy_j");
    DoubleColumn ecoGpu = DoubleColumn.create("eco2ai_gpu_j");
    DoubleColumn ecoCpu = DoubleColumn.create("eco2ai_cpu_j");
    DoubleColumn ecoRam = DoubleColumn.create("eco2ai_ram_j");
    IntColumn readings = IntColumn.create("eco2ai_readings");
    DoubleColumn pct = DoubleColumn.create("difference_pct");
    for (Measurement m : measurements) {
      if (m.eco2ai().isEmpty()) {
        continue;
      }
      Eco2aiFigures f = m.eco2ai().get();
      double g = m.grossEnergy().joules();
      window.append(m.name());
      duration.append(m.durationS());
      accurate.append(g);
      eco.append(f.total().joules());
      ecoGpu.append(f.gpu().joules());
      ecoCpu.append(f.cpu().joules());
      ecoRam.append(f.ram().joules());
      readings.append(f.readings());
      if (g > 0) {
        pct.append(100.0 * (f.total().joules() - g) / g);
      } else {
        pct.appendMissing();
      }
    }
    if (window.isEmpty()) {
      throw new IllegalArgumentException("None of the " + measurements.size() + " measurements has Eco2AI-compatible "
          + "figures: build the monitor with EnergyMonitor.builder()...eco2aiCompatible(true).");
    }
    return Table.create("Measured (gross) vs Eco2AI-style accounting of the same windows", window, duration,
        accurate, eco, ecoGpu, ecoCpu, ecoRam, readings, pct);
  }

  /**
   * Emissions of measurements, one row each. Columns: {@code window, run_id, energy_kwh} (the energy counted:
   * gross or net per {@code energy_basis}), {@code energy_basis, pue, intensity_g_per_kwh, region,
   * intensity_source, co2e_g, eco2ai_co2e_g} (missing without Eco2AI figures), {@code method_gpu, method_cpu,
   * method_ram}.
   */
  public static Table emissions(Collection<MeasurementEmissions> emissions) {
    Check.noNulls("emissions", emissions);
    StringColumn window = StringColumn.create("window");
    StringColumn runId = StringColumn.create("run_id");
    DoubleColumn kwh = DoubleColumn.create("energy_kwh");
    StringColumn basis = StringColumn.create("energy_basis");
    DoubleColumn pue = DoubleColumn.create("pue");
    DoubleColumn intensity = DoubleColumn.create("intensity_g_per_kwh");
    StringColumn region = StringColumn.create("region");
    StringColumn source = StringColumn.create("intensity_source");
    DoubleColumn co2 = DoubleColumn.create("co2e_g");
    DoubleColumn ecoCo2 = DoubleColumn.create("eco2ai_co2e_g");
    StringColumn[] method = {StringColumn.create("method_gpu"), StringColumn.create("method_cpu"),
        StringColumn.create("method_ram")};
    for (MeasurementEmissions me : emissions) {
      Emissions e = me.emissions();
      window.append(me.measurement().name());
      runId.append(me.runId());
      kwh.append(e.energy().kilowattHours());
      basis.append(me.net() ? "net" : "gross");
      pue.append(e.pue());
      intensity.append(e.intensity().gramsPerKwh());
      region.append(e.intensity().region());
      source.append(e.intensity().source());
      co2.append(e.grams());
      if (me.eco2ai().isPresent()) {
        ecoCo2.append(me.eco2ai().get().grams());
      } else {
        ecoCo2.appendMissing();
      }
      Component[] comps = Component.values();
      for (int i = 0; i < 3; i++) {
        method[i].append(me.measurement().method(comps[i]).map(Method::label).orElse(NOT_MEASURED));
      }
    }
    Table t = Table.create("Emissions (energy x PUE x intensity)", window, runId, kwh, basis, pue, intensity,
        region, source, co2, ecoCo2);
    t.addColumns(method);
    return t;
  }

  /**
   * Rows read from tracker files (CodeCarbon, Eco2AI, cegi), one row each. Columns: {@code tool, project,
   * run_id, timestamp, duration_s, energy_kwh, pue, co2e_g, region, intensity_g_per_kwh} (implied by the row:
   * {@code co2e / (energy × pue)}) and {@code notes} (how the row was read).
   */
  public static Table trackerRecords(Collection<TrackerRecord> records) {
    Check.noNulls("records", records);
    StringColumn tool = StringColumn.create("tool");
    StringColumn project = StringColumn.create("project");
    StringColumn runId = StringColumn.create("run_id");
    StringColumn timestamp = StringColumn.create("timestamp");
    DoubleColumn duration = DoubleColumn.create("duration_s");
    DoubleColumn kwh = DoubleColumn.create("energy_kwh");
    DoubleColumn pue = DoubleColumn.create("pue");
    DoubleColumn co2 = DoubleColumn.create("co2e_g");
    StringColumn region = StringColumn.create("region");
    DoubleColumn intensity = DoubleColumn.create("intensity_g_per_kwh");
    StringColumn notes = StringColumn.create("notes");
    for (TrackerRecord r : records) {
      tool.append(r.tool());
      project.append(r.project());
      runId.append(r.runId());
      timestamp.append(r.timestamp());
      duration.append(r.durationS());
      kwh.append(r.energy().kilowattHours());
      pue.append(r.pue());
      co2.append(r.co2eGrams());
      region.append(r.region());
      intensity.append(r.toEmissions().intensity().gramsPerKwh());
      notes.append(String.join(" ", r.warnings()));
    }
    return Table.create("Tracker records", tool, project, runId, timestamp, duration, kwh, pue, co2, region,
        intensity, notes);
  }
}
