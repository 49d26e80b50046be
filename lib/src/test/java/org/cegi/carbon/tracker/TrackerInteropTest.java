package org.cegi.carbon.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Component;
import org.cegi.energy.Energy;
import org.cegi.energy.Method;
import org.cegi.energy.Power;
import org.cegi.measure.Baseline;
import org.cegi.measure.ComponentMeasurement;
import org.cegi.measure.Eco2aiFigures;
import org.cegi.measure.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerInteropTest {
  @TempDir Path tmp;

  static Measurement measurement() {
    ComponentMeasurement gpu = new ComponentMeasurement(Component.GPU, "nvml", Method.COUNTER,
        Energy.ofKilowattHours(0.9), Energy.ofKilowattHours(0.6), Power.ofWatts(100), List.of("NVIDIA H100 [0]"),
        List.of());
    ComponentMeasurement cpu = new ComponentMeasurement(Component.CPU, "cpu-tdp", Method.ESTIMATED,
        Energy.ofKilowattHours(0.1), Energy.ofKilowattHours(0.1), Power.ZERO, List.of("Intel Xeon"),
        List.of("CPU energy estimated"));
    Eco2aiFigures eco = new Eco2aiFigures(Energy.ofKilowattHours(1.5), Energy.ofKilowattHours(0.4),
        Energy.ofKilowattHours(0.1), 360, List.of("Eco2AI-compatible accounting"));
    return new Measurement("finetune", Instant.parse("2026-11-21T10:00:00Z"), 3600, List.of(gpu, cpu),
        Baseline.none(), Optional.of(eco), List.of());
  }

  static MeasurementEmissions emissions() {
    return MeasurementEmissions.of(measurement(), 1.2, CarbonIntensity.of(100, "FR", "test table"))
        .withRunId("run-1");
  }

  @Test
  void measurementConvertsToEmissionsWithRegionSourceAndPue() {
    MeasurementEmissions me = emissions();
    Emissions e = me.emissions();
    assertThat(e.energy().kilowattHours()).isCloseTo(1.0, within(1e-12));
    assertThat(e.grams()).isCloseTo(1.0 * 1.2 * 100, within(1e-9));
    assertThat(e.pue()).isEqualTo(1.2);
    assertThat(e.intensity().region()).isEqualTo("FR");
    assertThat(e.intensity().source()).isEqualTo("test table");
    assertThat(e.warnings()).contains("CPU energy estimated");
    MeasurementEmissions net = MeasurementEmissions.of(measurement(), 1.0, CarbonIntensity.of(100, "FR", "t"), true);
    assertThat(net.emissions().energy().kilowattHours()).isCloseTo(0.7, within(1e-12));
    // Eco2AI-compatible: its own energy x PUE x Eco2AI's intensity for the region (world 436.529 if unknown)
    Emissions eco = MeasurementEmissions.of(measurement(), 1.0, CarbonIntensity.of(100, "Atlantis", "t"))
        .eco2ai().orElseThrow();
    assertThat(eco.energy().kilowattHours()).isCloseTo(2.0, within(1e-12));
    assertThat(eco.grams()).isCloseTo(2.0 * 436.529, within(1e-9));
    assertThatThrownBy(() -> MeasurementEmissions.of(measurement(), 0.9, CarbonIntensity.of(100, "FR", "t")))
        .hasMessageContaining("pue must be >= 1");
  }

  @Test
  void codecarbonRowsRoundTripAndAppendUnderOneHeader() throws IOException {
    Path f = tmp.resolve("out/emissions.csv");
    CodeCarbonCsv.append(f, emissions(), "cegi-test");
    CodeCarbonCsv.append(f, emissions().withRunId("run-2"), "cegi-test");
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("timestamp,project_name,run_id,experiment_id,duration,emissions,"
        + "emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,");
    assertThat(lines.get(0)).contains(",pue,window,probe_gpu,method_gpu,method_cpu,method_ram,");
    List<TrackerRecord> rows = CodeCarbonCsv.read(f);
    assertThat(rows).hasSize(2);
    TrackerRecord r = rows.get(0);
    assertThat(r.tool()).isEqualTo("cegi");
    assertThat(r.runId()).isEqualTo("run-1");
    assertThat(r.durationS()).isEqualTo(3600);
    assertThat(r.energy().kilowattHours()).isCloseTo(1.0, within(1e-9));
    assertThat(r.co2eGrams()).isCloseTo(120.0, within(1e-9));
    assertThat(r.pue()).isEqualTo(1.2);
    assertThat(r.region()).isEqualTo("FR");
    assertThat(r.toEmissions().grams()).isCloseTo(120.0, within(1e-9));
    assertThat(r.toEmissions().intensity().gramsPerKwh()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void readsAFileWrittenByCodeCarbon() throws IOException {
    Path f = tmp.resolve("cc.csv");
    Files.writeString(f, "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
        + "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
        + "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,"
        + "cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud,pue\n"
        + "2024-05-01T12:00:00,codecarbon,5b0fa12a,5b0fa12a,120.5,0.0123,0.000102,42.5,250.0,3.0,0.0014,0.0084,"
        + "0.0001,0.0099,France,FRA,,,,Linux,3.11.4,2.3.4,16,AMD EPYC 7763,1,NVIDIA A100,2.3,48.8,64.0,machine,N,1.0\n");
    TrackerRecord r = CodeCarbonCsv.read(f).get(0);
    assertThat(r.tool()).isEqualTo("codecarbon");
    assertThat(r.co2eGrams()).isCloseTo(12.3, within(1e-9));
    assertThat(r.energy().kilowattHours()).isCloseTo(0.0099, within(1e-12));
    assertThat(r.region()).isEqualTo("FRA");
    assertThat(r.durationS()).isEqualTo(120.5);
  }

  @Test
  void eco2aiRowsRoundTripAndEco2aiFilesAreRead() throws IOException {
    Path f = tmp.resolve("emission.csv");
    Eco2aiCsv.append(f, emissions(), "cegi-test");
    List<String> lines = Files.readAllLines(f);
    assertThat(lines.get(0)).isEqualTo("id,project_name,experiment_description,epoch,start_time,duration(s),"
        + "power_consumption(kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost");
    TrackerRecord r = Eco2aiCsv.read(f).get(0);
    assertThat(r.energy().kilowattHours()).isCloseTo(2.0 * 1.2, within(1e-9)); // Eco2AI figures, PUE included
    assertThat(r.timestamp()).isEqualTo("2026-11-21 10:00:00");
    Path g = tmp.resolve("eco2ai.csv");
    Files.writeString(g, "id,project_name,experiment_description,epoch,start_time,duration(s),"
        + "power_consumption(kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"
        + "9b6c,CEGI paper,lora fine-tuning,N/A,2024-03-01 09:00:00,3600.0,1.25,0.54566125,"
        + "\"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz/: 2 device(s), TDP:125.0\",1 device(s): Tesla V100,"
        + "Linux,Russia,N/A\n");
    TrackerRecord e = Eco2aiCsv.read(g).get(0);
    assertThat(e.co2eGrams()).isCloseTo(545.66125, within(1e-9));
    assertThat(e.toEmissions().intensity().gramsPerKwh()).isCloseTo(436.529, within(1e-9));
    assertThat(e.region()).isEqualTo("Russia");
    Path legacy = tmp.resolve("eco2ai-legacy.csv");
    Files.writeString(legacy, "id,project_name,experiment_description,epoch,start_time,duration(s),"
        + "power_consumption(kWTh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"
        + "1a,old,run,N/A,2023-01-01 09:00:00,60.0,0.5,0.2182645,cpu,gpu,Linux,Russia,N/A\n");
    assertThat(Eco2aiCsv.read(legacy).get(0).energy().kilowattHours()).isEqualTo(0.5);
  }

  @Test
  void appendingToAFileWithOtherColumnsIsRefusedAndWritesNothing() throws IOException {
    Path f = tmp.resolve("other.csv");
    Files.writeString(f, "a,b\n1,2\n");
    assertThatThrownBy(() -> CodeCarbonCsv.append(f, emissions(), "p"))
        .hasMessageStartingWith("Cannot append to " + f + ": its columns (a,b) differ")
        .hasMessageEndingWith("Write to a new file.");
    assertThat(Files.readString(f)).isEqualTo("a,b\n1,2\n");
  }

  @Test
  void malformedRowsNameTheFileRowAndColumn() throws IOException {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "duration,emissions,energy_consumed\n12,abc,0.1\n");
    assertThatThrownBy(() -> CodeCarbonCsv.read(f))
        .hasMessage(f + " row 2: column emissions = \"abc\" is not a number. Fix or remove the row.");
    Path g = tmp.resolve("nocol.csv");
    Files.writeString(g, "x\n1\n");
    assertThatThrownBy(() -> Eco2aiCsv.read(g)).hasMessageStartingWith(g + " has no column \"duration(s)\"");
  }

  @Test
  void modelCardBlock() {
    String y = ModelCardCo2.yaml(emissions(), "fine-tuning");
    assertThat(y).isEqualTo("co2_eq_emissions:\n"
        + "  emissions: 120\n"
        + "  source: \"cegi development (GPU counter, CPU estimated, RAM not measured; intensity 100.0 g/kWh from "
        + "test table; PUE 1.2)\"\n"
        + "  training_type: \"fine-tuning\"\n"
        + "  geographical_location: \"FR\"\n"
        + "  hardware_used: \"NVIDIA H100 [0], Intel Xeon\"\n");
  }
}
