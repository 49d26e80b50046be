package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cegi.carbon.tracker.CodeCarbonCsv;
import org.cegi.carbon.tracker.Eco2aiCsv;
import org.cegi.carbon.tracker.TrackerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeasureCommandTest {
  @TempDir Path tmp;
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Cegi.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void passesTheExitCodeThroughAndWritesOneRow() throws IOException {
    Path out = tmp.resolve("emissions.csv");
    int code = run("measure", "--intensity", "100", "--region", "FR", "--pue", "1.2", "--interval", "0.05",
        "--out", out.toString(), "--", "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; exit 3");
    assertThat(code).isEqualTo(3);
    List<TrackerRecord> rows = CodeCarbonCsv.read(out);
    assertThat(rows).hasSize(1);
    TrackerRecord r = rows.get(0);
    assertThat(r.pue()).isEqualTo(1.2);
    assertThat(r.region()).isEqualTo("FR");
    assertThat(r.durationS()).isPositive();
    assertThat(r.energy().joules()).isPositive();
    String csv = Files.readString(out);
    assertThat(csv).contains(",estimated,estimated,", "--intensity");
    assertThat(err.toString()).contains("cegi measure: ", "g CO2e at 100.0 g/kWh (FR, --intensity)");
  }

  @Test
  void survivesACrashingCommand() throws IOException {
    Path out = tmp.resolve("e.csv");
    int code = run("measure", "--intensity", "50", "--format", "eco2ai", "--out", out.toString(), "--",
        "sh", "-c", "kill -SEGV $$");
    assertThat(code).isEqualTo(128 + 11);
    assertThat(Eco2aiCsv.read(out)).hasSize(1);
  }

  @Test
  void commandNotFoundExits127AndWritesNothing() {
    Path out = tmp.resolve("none.csv");
    int code = run("measure", "--intensity", "50", "--out", out.toString(), "--", "no-such-command-cegi");
    assertThat(code).isEqualTo(127);
    assertThat(out).doesNotExist();
    assertThat(err.toString()).contains("cegi measure: cannot start \"no-such-command-cegi\"",
        "Check the command name and PATH; nothing was written.");
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingRuns() {
    Path out = tmp.resolve("bad.csv");
    Path marker = tmp.resolve("ran");
    String[] cmd = {"--", "touch", marker.toString()};
    assertThat(run(concat(new String[] {"measure", "--pue", "0.9", "--out", out.toString()}, cmd))).isEqualTo(2);
    assertThat(err.toString()).contains("cegi measure: --pue must be >= 1 (1.0 = no facility overhead), got 0.9. "
        + "Use your data centre's PUE, e.g. 1.2.");
    assertThat(run(concat(new String[] {"measure", "--interval", "-1", "--out", out.toString()}, cmd))).isEqualTo(2);
    assertThat(err.toString()).contains("--interval must be > 0 and <= 1 s, got -1.0. Use 0.1 (10 Hz).");
    // unknown region: IntensityTable.lookup refuses it (the message itself belongs to the carbon package)
    assertThat(run(concat(new String[] {"measure", "--region", "XX-NOWHERE", "--out", out.toString()}, cmd)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("XX-NOWHERE");
    assertThat(run(concat(new String[] {"measure", "--intensity", "-5", "--out", out.toString()}, cmd))).isEqualTo(2);
    assertThat(err.toString()).contains("--intensity must be >= 0 g CO2e/kWh, got -5.0.");
    assertThat(run("measure", "--out", out.toString())).isEqualTo(2); // no command
    assertThat(out).doesNotExist();
    assertThat(marker).doesNotExist();
  }

  @Test
  void withoutRegionTheWorldAverageIsUsedAndSaidSo() throws IOException {
    Path out = tmp.resolve("w.csv");
    assertThat(run("measure", "--out", out.toString(), "--", "true")).isEqualTo(0);
    assertThat(err.toString()).contains("No --region given: world-average intensity 436.529 g/kWh");
    assertThat(CodeCarbonCsv.read(out).get(0).region()).isEqualTo("World");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
