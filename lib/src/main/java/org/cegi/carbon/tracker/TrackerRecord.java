package org.cegi.carbon.tracker;

import java.util.ArrayList;
import java.util.List;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Energy;
import org.cegi.internal.Check;

/**
 * One row read from a tracker's file (CodeCarbon {@code emissions.csv}, Eco2AI's CSV, or cegi's own), in cegi's
 * units, so that emissions logged by those tools feed CEGI directly.
 *
 * @param tool {@code codecarbon}, {@code eco2ai} or {@code cegi}
 * @param project project name in the file
 * @param runId run or experiment id in the file ({@code unknown} when absent)
 * @param timestamp start or end time as written
 * @param durationS duration in s
 * @param energy energy as written by the tool (CodeCarbon: before PUE; Eco2AI: PUE already included)
 * @param co2eGrams emissions in g CO2e
 * @param region region or country as written ({@code unknown} when absent)
 * @param pue PUE as written (1.0 when absent)
 * @param warnings how the row was interpreted
 */
public record TrackerRecord(
    String tool, String project, String runId, String timestamp, double durationS, Energy energy,
    double co2eGrams, String region, double pue, List<String> warnings) {
  public TrackerRecord {
    Check.nonBlank("tool", tool);
    Check.notNull("project", project);
    Check.nonBlank("runId", runId);
    Check.notNull("timestamp", timestamp);
    Check.nonNegative("duration_s", durationS);
    Check.notNull("energy", energy);
    Check.nonNegative("co2e_g", co2eGrams);
    Check.nonBlank("region", region);
    Check.inRange("pue", pue, 1.0, 10.0);
    warnings = List.copyOf(Check.noNulls("warnings", warnings));
  }

  /**
   * The row as {@link Emissions}; the intensity is implied by the row ({@code co2e / (energy × pue)}), so the
   * grams are exactly those the tool wrote.
   */
  public Emissions toEmissions() {
    double kwh = energy.kilowattHours() * pue;
    List<String> w = new ArrayList<>(warnings);
    double g;
    if (kwh > 0) {
      g = co2eGrams / kwh;
    } else {
      g = 0;
      w.add("Row has no energy: intensity unknown, set to 0.");
    }
    CarbonIntensity ci = new CarbonIntensity(g, region, tool + " file (implied by the row)", 0, List.of());
    return new Emissions(co2eGrams, energy, pue, ci, w);
  }
}
