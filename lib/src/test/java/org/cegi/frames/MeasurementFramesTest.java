package org.cegi.frames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.tracker.CodeCarbonCsv;
import org.cegi.carbon.tracker.MeasurementEmissions;
import org.cegi.carbon.tracker.TrackerRecord;
import org.cegi.measure.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MeasurementFramesTest {
  private final Measurement a = MeasurementSamples.window("load", 2, 0, 40, 1, false, true);
  private final Measurement b = MeasurementSamples.window("decode", 4, 0, 100, 2, false, false);

  @Test
  void oneRowPerWindowWithGrossNetAndMethods() {
    List<Measurement> in = new ArrayList<>(List.of(a, b));
    Table t = MeasurementFrames.of(in);
    assertThat(in).containsExactly(a, b);
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.columnNames()).containsExactly("window", "duration_s", "energy_gpu_j", "energy_gpu_net_j",
        "energy_cpu_j", "energy_cpu_net_j", "energy_ram_j", "energy_ram_net_j", "energy_j", "energy_net_j",
        "power_avg_w", "method_gpu", "method_cpu", "method_ram", "warnings");
    assertThat(t.stringColumn("window").asList()).containsExactly("load", "decode");
    assertThat(t.doubleColumn("energy_cpu_j").get(1)).isEqualTo(100.0);
    assertThat(t.doubleColumn("energy_cpu_net_j").get(1)).isEqualTo(92.0);
    assertThat(t.doubleColumn("energy_j").get(0)).isEqualTo(41.0);
    assertThat(t.doubleColumn("power_avg_w").get(1)).isCloseTo(25.5, within(1e-9));
    assertThat(t.stringColumn("method_cpu").get(0)).isEqualTo("estimated");
    assertThat(t.stringColumn("method_gpu").get(0)).isEqualTo("none");
    assertThat(t.doubleColumn("energy_gpu_j").isMissing(0)).as("not measured is missing, not 0").isTrue();
  }

  @Test
  void measuredGpuIsNotMissing() {
    Table t = MeasurementFrames.of(List.of(MeasurementSamples.window("g", 1, 300, 10, 1, true, false)));
    assertThat(t.doubleColumn("energy_gpu_j").get(0)).isEqualTo(300.0);
    assertThat(t.stringColumn("method_gpu").get(0)).isEqualTo("counter");
  }

  @Test
  void perComponentHasOneRowPerMeasuredComponent() {
    Table t = MeasurementFrames.perComponent(List.of(a, MeasurementSamples.window("g", 2, 300, 10, 1, true, false)));
    assertThat(t.columnNames()).containsExactly("window", "component", "probe", "method", "duration_s", "energy_j",
        "energy_net_j", "idle_power_w", "power_avg_w");
    assertThat(t.stringColumn("component").asList()).containsExactly("CPU", "RAM", "GPU", "CPU", "RAM");
    assertThat(t.stringColumn("method").asList()).containsExactly("estimated", "estimated", "counter", "estimated",
        "estimated");
    assertThat(t.doubleColumn("energy_net_j").get(0)).isEqualTo(36.0);
    assertThat(t.doubleColumn("idle_power_w").get(0)).isEqualTo(2.0);
    assertThat(t.doubleColumn("power_avg_w").get(2)).isEqualTo(150.0);
  }

  @Test
  void warningsAreListedOnceWithTheirWindows() {
    Table t = MeasurementFrames.warnings(List.of(a, b));
    assertThat(t.stringColumn("warning").asList()).containsExactly("No GPU energy: test", "CPU energy estimated");
    assertThat(t.stringColumn("windows").get(0)).isEqualTo("load, decode");
  }

  @Test
  void eco2aiComparisonKeepsOnlyWindowsWithEco2aiFigures() {
    Table t = MeasurementFrames.eco2aiComparison(List.of(a, b));
    assertThat(t.rowCount()).isEqualTo(1);
    assertThat(t.doubleColumn("energy_j").get(0)).isEqualTo(41.0);
    assertThat(t.doubleColumn("eco2ai_energy_j").get(0)).isCloseTo(45.0, within(1e-9));
    assertThat(t.doubleColumn("difference_pct").get(0)).isCloseTo(100 * 4.0 / 41, within(1e-9));
    assertThat(t.intColumn("eco2ai_readings").get(0)).isEqualTo(2);
  }

  @Test
  void eco2aiComparisonWithoutFiguresSaysHowToGetThem() {
    assertThatThrownBy(() -> MeasurementFrames.eco2aiComparison(List.of(b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("None of the 1 measurements").hasMessageContaining("eco2aiCompatible(true)");
  }

  @Test
  void emissionsAndTrackerRecordsRoundTrip(@TempDir Path dir) {
    MeasurementEmissions me = MeasurementEmissions.of(a, 1.2, CarbonIntensity.explicit(100, "lab"), true);
    Table e = MeasurementFrames.emissions(List.of(me));
    assertThat(e.stringColumn("energy_basis").get(0)).isEqualTo("net");
    assertThat(e.doubleColumn("energy_kwh").get(0)).isCloseTo(37.0 / 3.6e6, within(1e-15));
    assertThat(e.doubleColumn("co2e_g").get(0)).isCloseTo(37.0 / 3.6e6 * 1.2 * 100, within(1e-12));
    assertThat(e.doubleColumn("eco2ai_co2e_g").isMissing(0)).isFalse();
    assertThat(e.stringColumn("method_cpu").get(0)).isEqualTo("estimated");

    Path csv = dir.resolve("emissions.csv");
    CodeCarbonCsv.append(csv, me, "test");
    List<TrackerRecord> rows = CodeCarbonCsv.read(csv);
    Table t = MeasurementFrames.trackerRecords(rows);
    assertThat(Files.exists(csv)).isTrue();
    assertThat(t.rowCount()).isEqualTo(1);
    assertThat(t.stringColumn("tool").get(0)).isEqualTo("cegi");
    assertThat(t.doubleColumn("co2e_g").get(0)).isCloseTo(me.emissions().grams(), within(1e-9));
    assertThat(t.doubleColumn("intensity_g_per_kwh").get(0)).isCloseTo(100.0, within(1e-6));
  }
}
