package org.cegi.frames;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.bench.Columns;
import org.cegi.bench.ResultsFile;

/** Small results and phases files written with the run engine's own writer, figures chosen by hand. */
public final class RunSamples {
  private RunSamples() {}

  /**
   * A results file: variant "a" (summarization, batch sizes 1 and 2, one error row) and "b" (text-to-sql), CPU and
   * RAM estimated, no GPU.
   */
  public static Path results(Path dir) {
    Path f = dir.resolve("results.csv");
    try (ResultsFile rf = ResultsFile.open(f, Columns.RESULTS, Columns.RESULT_KEY)) {
      rf.append(row("a", "summarization", "i1", 1, 10, 2.0, 1.5, 0.5, 0.2, ""));
      rf.append(row("a", "summarization", "i2", 1, 10, 4.0, 3.5, 0.5, 0.4, ""));
      rf.append(row("a", "summarization", "i3", 2, 20, 3.0, 2.5, 0.5, 0.0, ""));
      rf.append(row("a", "summarization", "i4", 2, 20, 5.0, 4.5, 0.5, 0.1, ""));
      rf.append(row("a", "summarization", "i5", 2, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          "generation failed: boom"));
      rf.append(row("b", "text-to-sql", "s1", 1, 5, 1.0, 0.75, 0.25, 1.0, ""));
      rf.append(row("b", "text-to-sql", "s2", 1, 5, 1.0, 0.75, 0.25, 0.0, ""));
    }
    return f;
  }

  static Map<String, String> row(String variant, String task, String item, int batchSize, int tokensOut,
      double energyJ, double cpuJ, double ramJ, double score, String error) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("run_id", "sample-00000000");
    r.put("shard", "0/1");
    r.put("variant", variant);
    r.put("runtime", "scripted");
    r.put("task", task);
    r.put("item_id", item);
    r.put("repeat", "0");
    r.put("batch_size", Integer.toString(batchSize));
    r.put("output_text", "text, with a comma\nand a line break");
    r.put("error", error);
    if (error.isEmpty()) {
      r.put("tokens_out", Integer.toString(tokensOut));
      r.put("score", Double.toString(score));
      r.put("energy_j", Double.toString(energyJ));
      r.put("energy_cpu_j", Double.toString(cpuJ));
      r.put("energy_ram_j", Double.toString(ramJ));
      r.put("method_cpu", "estimated");
      r.put("method_ram", "estimated");
      r.put("co2e_g", Double.toString(energyJ / 3.6e6 * 56));
    }
    return r;
  }

  /** A phases file: load and two warm-ups of "a", one scoring of "b". */
  public static Path phases(Path dir) {
    Path f = dir.resolve("phases.csv");
    try (ResultsFile rf = ResultsFile.open(f, Columns.PHASES, List.of("variant", "task", "phase", "finished_utc"))) {
      rf.append(phase("a", "", "load", 1.0, 10.0, "t1"));
      rf.append(phase("a", "summarization", "warmup", 0.5, 2.0, "t2"));
      rf.append(phase("a", "summarization", "warmup", 0.25, 1.0, "t3"));
      rf.append(phase("b", "text-to-sql", "scoring", 0.1, 0.5, "t4"));
    }
    return f;
  }

  private static Map<String, String> phase(String variant, String task, String phase, double s, double j,
      String at) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("run_id", "sample-00000000");
    r.put("variant", variant);
    r.put("task", task);
    r.put("phase", phase);
    r.put("requests", "1");
    r.put("duration_s", Double.toString(s));
    r.put("energy_j", Double.toString(j));
    r.put("energy_cpu_j", Double.toString(j));
    r.put("method_cpu", "estimated");
    r.put("co2e_g", Double.toString(j / 3.6e6 * 56));
    r.put("finished_utc", at);
    return r;
  }
}
