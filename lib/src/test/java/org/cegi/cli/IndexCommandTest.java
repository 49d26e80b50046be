package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexCommandTest {
  @TempDir Path tmp;

  @Test
  void isRegisteredOnTheRootCommand() {
    assertThat(Cegi.commandLine().getSubcommands()).containsKeys("index", "params");
    CliRun help = CliRun.of("index", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--emissions-kg", "--csv", "co2e_kg", "trainable_params");
  }

  @Test
  void computesOneVariantFromArguments() {
    CliRun r = CliRun.of("index", "--name", "qwen", "--emissions-kg", "1.2", "--base", "0.40", "--tuned", "0.55",
        "--params", "8_798_208");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("rank");
    assertThat(lines.get(1)).startsWith("1").contains("qwen", "0.00363710", "37.5", "8,798,208");
    assertThat(r.out()).contains("gain RELATIVE = 100*(M_ft-M_base)/M_base; lower is better.");
  }

  @Test
  void honoursGainScaleAndUnit() {
    CliRun r = CliRun.of("index", "--emissions-g", "1200", "--base", "40", "--tuned", "55", "--params", "8798208",
        "--gain", "absolute", "--scale", "percent", "--unit", "g");
    assertThat(r.exitCode()).as(r.err()).isZero();
    // 1200 g / (15 points x 8.798208 M params)
    assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "%.6g", 1200 / (15 * 8.798208)))
        .contains("g CO2e / (pt gain x 1e6 params)", "ABSOLUTE_POINTS", "0-100");
  }

  @Test
  void ranksVariantsFromACsvAndMarksNoGainRows() throws Exception {
    Path csv = Files.writeString(tmp.resolve("variants.csv"), """
        name,co2e_kg,base_metric,tuned_metric,trainable_params
        dear,5.0,0.40,0.55,8798208
        flat,0.1,0.50,0.50,11272192
        cheap,0.5,0.40,0.55,8798208
        """);
    CliRun r = CliRun.of("index", "--csv", csv.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(1)).startsWith("1").contains("cheap");
    assertThat(lines.get(2)).startsWith("2").contains("dear");
    assertThat(lines.get(3)).startsWith("-").contains("flat", "n/a", "NO_GAIN: no gain");
  }

  @Test
  void badArgumentsExitNonZeroWithAClearMessage() {
    CliRun missing = CliRun.of("index", "--emissions-kg", "1.2", "--base", "0.4");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cegi index: missing --tuned, --params; give all four for one variant,"
        + " or --csv FILE for several");
    CliRun range = CliRun.of("index", "--emissions-kg", "1.2", "--base", "40", "--tuned", "55", "--params", "10");
    assertThat(range.exitCode()).isEqualTo(2);
    assertThat(range.err()).contains("base_metric must be within [0, 1] on MetricScale.UNIT, got 40.0");
    CliRun negative = CliRun.of("index", "--emissions-kg", "-1", "--base", "0.4", "--tuned", "0.5", "--params", "10");
    assertThat(negative.err()).contains("emissions_kg must be >= 0, got -1.0");
    assertThat(negative.exitCode()).isEqualTo(2);
    CliRun zero = CliRun.of("index", "--emissions-kg", "1", "--base", "0.4", "--tuned", "0.5", "--params", "0");
    assertThat(zero.err()).contains("trainable_params must be > 0, got 0");
    CliRun gain = CliRun.of("index", "--emissions-kg", "1", "--base", "0.4", "--tuned", "0.5", "--params", "1",
        "--gain", "log");
    assertThat(gain.exitCode()).isEqualTo(2);
    assertThat(gain.err()).contains("gain must be relative or absolute, got \"log\"");
  }

  @Test
  void badCsvNamesFileLineAndColumn() throws Exception {
    Path csv = Files.writeString(tmp.resolve("bad.csv"), """
        name,co2e_kg,base_metric,tuned_metric,trainable_params
        ok,1.0,0.40,0.55,100
        broken,1.0,forty,0.55,100
        """);
    CliRun r = CliRun.of("index", "--csv", csv.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(csv + ", line 3, column 3 (base_metric): expected a number, got \"forty\"");
    Path range = Files.writeString(tmp.resolve("range.csv"), """
        name,co2e_g,base_metric,tuned_metric,trainable_params,scale
        pct,1000,40,55,100,percent
        unit,1000,40,55,100,
        """);
    CliRun rr = CliRun.of("index", "--csv", range.toString());
    assertThat(rr.err()).contains(range + ", line 3: base_metric must be within [0, 1] on MetricScale.UNIT");
    Path bom = Files.writeString(tmp.resolve("bom.csv"),
        "\uFEFFname,co2e_kg,base_metric,tuned_metric,trainable_params\nx,1,0.4,0.5,100\n");
    assertThat(CliRun.of("index", "--csv", bom.toString()).exitCode()).isZero();
    Path header = Files.writeString(tmp.resolve("header.csv"), "name,base_metric,tuned_metric,trainable_params\n");
    assertThat(CliRun.of("index", "--csv", header.toString()).err())
        .contains(header + ", line 1: give exactly one of the columns co2e_kg or co2e_g");
  }
}
