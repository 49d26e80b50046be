package org.cegi.bench;

import java.util.List;

/** The columns of the files a run writes (units in the names). */
public final class Columns {
  private Columns() {}

  /** One row per request (item × repeat) in {@code results*.csv}. */
  public static final List<String> RESULTS = List.of("run_id", "shard", "variant", "runtime", "task", "dataset",
      "item_id", "repeat", "batch", "batch_size", "tokens_in", "tokens_out", "output_text", "answer", "reference",
      "metric", "score", "scores", "error", "note", "duration_s", "request_s", "ttft_s", "prefill_s", "decode_s", "energy_j",
      "energy_net_j", "energy_gpu_j", "energy_cpu_j", "energy_ram_j", "energy_prefill_j", "energy_decode_j", "method_gpu", "method_cpu", "method_ram",
      "co2e_g", "pue", "intensity_g_per_kwh", "region", "intensity_source", "probe", "hardware", "libraries",
      "cegi_version", "warnings", "finished_utc");

  /** The columns that identify a request (resume and merge de-duplicate on them). */
  public static final List<String> RESULT_KEY = List.of("variant", "task", "item_id", "repeat");

  /**
   * One row per measured phase window in {@code phases*.csv}: {@code idle_baseline}, {@code load}, {@code warmup},
   * and per batch ({@code batch} set) {@code prefill}, {@code decode} and {@code scoring}. These windows do not
   * overlap, so energies may be summed per phase.
   */
  public static final List<String> PHASES = List.of("run_id", "shard", "variant", "task", "phase", "batch",
      "requests",
      "duration_s", "energy_j", "energy_gpu_j", "energy_cpu_j", "energy_ram_j", "method_gpu", "method_cpu",
      "method_ram", "co2e_g", "warnings", "finished_utc");

  /** One row per variant × task in {@code summary*.csv}. */
  public static final List<String> SUMMARY = List.of("run_id", "variant", "task", "runtime", "requests", "errors",
      "quality_metric", "quality", "quality_ci_low", "quality_ci_high", "qualities", "j_per_request",
      "j_per_request_ci_low", "j_per_request_ci_high", "j_per_token", "j_per_token_ci_low", "j_per_token_ci_high",
      "wh_per_1000_requests", "wh_per_1000_requests_ci_low", "wh_per_1000_requests_ci_high", "co2e_g_per_request",
      "co2e_g_per_request_ci_low", "co2e_g_per_request_ci_high", "co2e_g_total", "tokens_out_mean", "method_cpu",
      "method_gpu", "method_ram", "warnings");
}
