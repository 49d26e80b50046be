package org.cegi.carbon.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.carbon.IntensityTable;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;
import org.cegi.measure.Eco2aiFigures;
import org.cegi.measure.Measurement;

/**
 * A measurement with its emissions: the accurate figure (gross or net energy × PUE × intensity) and, where the
 * monitor computed them, the Eco2AI-compatible figure (Eco2AI's energy × PUE × Eco2AI's intensity table, world
 * fallback 436.529 g/kWh). Region, intensity source and PUE are recorded in the {@link Emissions}.
 *
 * <pre>{@code
 * Measurement m = monitor.measure("finetune", job);
 * MeasurementEmissions me = MeasurementEmissions.of(m, 1.2, CarbonIntensity.of(56, "FR", "eco2ai"));
 * me.emissions().grams();                               // accurate
 * me.eco2ai().map(Emissions::grams);                    // what Eco2AI would have reported
 * CodeCarbonCsv.append(Path.of("emissions.csv"), me, "cegi");
 * }</pre>
 *
 * @param runId identifier of this run (a UUID unless given)
 * @param measurement the measurement
 * @param net whether the accurate emissions use net (idle subtracted) rather than gross energy
 * @param emissions accurate emissions
 * @param eco2ai Eco2AI-compatible emissions, when the measurement has Eco2AI figures
 */
public record MeasurementEmissions(
    String runId, Measurement measurement, boolean net, Emissions emissions, Optional<Emissions> eco2ai) {
  public MeasurementEmissions {
    Check.nonBlank("runId", runId);
    Check.notNull("measurement", measurement);
    Check.notNull("emissions", emissions);
    Check.notNull("eco2ai", eco2ai);
  }

  /**
   * Gross energy × PUE × intensity; Eco2AI figures (if any) use Eco2AI's table for the intensity's region,
   * world fallback 436.529 g/kWh.
   */
  public static MeasurementEmissions of(Measurement m, double pue, CarbonIntensity intensity) {
    return of(m, pue, intensity, false);
  }

  /** As {@link #of(Measurement, double, CarbonIntensity)}, with net (idle-subtracted) energy if {@code net}. */
  public static MeasurementEmissions of(Measurement m, double pue, CarbonIntensity intensity, boolean net) {
    Check.notNull("measurement", m);
    Check.notNull("intensity", intensity);
    Energy e = net ? m.netEnergy() : m.grossEnergy();
    Emissions accurate = withWarnings(Emissions.of(e, pue, intensity), m.warnings());
    Optional<Emissions> eco = m.eco2ai().map(f -> eco2aiEmissions(f, pue, intensity.region()));
    return new MeasurementEmissions(UUID.randomUUID().toString(), m, net, accurate, eco);
  }

  /** The Eco2AI-compatible emissions: Eco2AI's energy × PUE × Eco2AI's intensity of {@code region}. */
  static Emissions eco2aiEmissions(Eco2aiFigures f, double pue, String region) {
    CarbonIntensity ci = IntensityTable.eco2ai().lookupOrWorld(region);
    return withWarnings(Emissions.of(f.total(), pue, ci), f.warnings());
  }

  private static Emissions withWarnings(Emissions e, List<String> more) {
    List<String> w = new ArrayList<>(e.warnings());
    more.stream().filter(x -> !w.contains(x)).forEach(w::add);
    return new Emissions(e.co2eGrams(), e.energy(), e.pue(), e.intensity(), w);
  }

  /** The same, with another run id. */
  public MeasurementEmissions withRunId(String id) {
    return new MeasurementEmissions(id, measurement, net, emissions, eco2ai);
  }

  /** @return the cegi version written into files ("development" when run from classes) */
  public static String cegiVersion() {
    String v = MeasurementEmissions.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
