package org.cegi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.cegi.energy.Component;
import org.cegi.energy.FakeProbe;
import org.cegi.energy.Power;
import org.cegi.measure.EnergyMonitor;
import org.cegi.tasks.Prompt;
import org.cegi.tasks.Task;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;
import org.cegi.tasks.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
  @TempDir Path dir;
  final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  /** A CPU at 10 W on a clock that advances 10 ms per read: every window has a known, positive energy. */
  static Supplier<EnergyMonitor> fakeMonitor() {
    return () -> {
      AtomicLong t = new AtomicLong();
      return EnergyMonitor.builder().clock(() -> t.addAndGet(10_000_000))
          .probe(FakeProbe.of(Component.CPU, Power.ofWatts(10), t::get)).sampling(false).start();
    };
  }

  /** The gold answer of every bundled item, found from its prompt (the image bytes for vision prompts). */
  static Function<Prompt, String> oracle() {
    Map<String, String> gold = new HashMap<>();
    for (String task : Tasks.names()) {
      Task t = Tasks.named(task);
      for (TaskItem item : Datasets.bundled(task).items()) {
        Prompt p = t.prompt(item);
        String answer = t.references(item).get(0);
        if (item instanceof TaskItem.Sql) {
          answer = "Here it is:\n```sql\n" + answer + "\n```\nDone.";
        }
        gold.put(key(p), answer);
      }
    }
    return p -> gold.getOrDefault(key(p), "I do not know.");
  }

  static String key(Prompt p) {
    return p.userText() + p.image().map(i -> java.util.Arrays.hashCode(i.bytes())).orElse(0);
  }

  RunPlan plan(String tasks, String extra) {
    String warmup = extra.contains("warmup_requests") ? "" : "warmup_requests: 1\n";
    return RunPlan.parse("name: t\nseed: 3\nregion: FR\npue: 1.2\nbatch_size: 3\n" + warmup
        + "shuffle_variants: true\noutput: " + dir.resolve("out") + "\ngeneration: {max_new_tokens: 8}\n"
        + "variants:\n  - {name: a, fixture: tiny-qwen2}\n  - {name: b, fixture: tiny-llama}\ntasks:\n" + tasks
        + extra, "test.yaml");
  }

  static final String ALL_FOUR = "  - {task: captioning, samples: 5}\n  - {task: vqa, samples: 5}\n"
      + "  - {task: summarization, samples: 5}\n  - {task: text-to-sql, samples: 5}\n";

  Run run(RunPlan p, ModelRuntime rt, Shard s) {
    return Run.builder(p).runtime(rt).monitor(fakeMonitor()).log(log, false).shard(s).build();
  }

  @Test
  void allFourTasksWithAVisionRuntimeWriteOneScoredRowPerRequest() {
    ScriptedRuntime rt = new ScriptedRuntime(oracle(), true);
    RunResult r = run(plan(ALL_FOUR, ""), rt, Shard.ALL).execute();
    assertThat(r.requests()).isEqualTo(40);
    assertThat(r.written()).isEqualTo(40);
    assertThat(r.errors()).isZero();
    List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
    assertThat(rows).hasSize(40);
    Map<String, String> sql = rows.stream().filter(x -> x.get("task").equals("text-to-sql")).findFirst().orElseThrow();
    assertThat(sql.get("score")).isEqualTo("1.0");
    assertThat(sql.get("answer")).startsWith("SELECT");
    assertThat(sql.get("runtime")).isEqualTo("scripted-fake");
    assertThat(sql.get("method_cpu")).isEqualTo("fake");
    assertThat(sql.get("probe")).isEqualTo("cpu:fake(fake)");
    assertThat(Double.parseDouble(sql.get("energy_j"))).isPositive();
    assertThat(Double.parseDouble(sql.get("energy_prefill_j"))).isPositive();
    assertThat(Double.parseDouble(sql.get("energy_decode_j"))).isPositive();
    assertThat(Double.parseDouble(sql.get("co2e_g"))).isCloseTo(Double.parseDouble(sql.get("energy_j")) / 3.6e6
        * 1.2 * Double.parseDouble(sql.get("intensity_g_per_kwh")), within(1e-15));
    assertThat(sql.get("region")).isEqualTo("France");
    assertThat(sql.get("run_id")).isEqualTo(r.runId());
    Map<String, String> cap = rows.stream().filter(x -> x.get("task").equals("captioning")).findFirst().orElseThrow();
    assertThat(cap.get("metric")).isEqualTo("cider_d");
    assertThat(cap.get("score")).isEmpty();
    assertThat(cap.get("scores")).contains("\"rouge_l\":1.0");
    assertThat(r.summary()).hasSize(8);
    for (Aggregates.Row a : r.summary()) {
      assertThat(a.requests()).isEqualTo(5);
      assertThat(a.errors()).isZero();
      assertThat(a.joulesPerRequest().value()).isPositive();
      assertThat(a.joulesPerRequest().low()).isLessThanOrEqualTo(a.joulesPerRequest().value());
      assertThat(a.whPer1000Requests().value()).isCloseTo(a.joulesPerRequest().value() / 3.6, within(1e-12));
      assertThat(a.co2eGramsTotal()).isPositive();
      if (!a.task().equals("captioning")) {
        assertThat(a.quality().value()).as(a.task()).isCloseTo(1.0, within(1e-9));
      } else {
        assertThat(a.qualities()).containsKeys("cider_d", "bleu4", "rouge_l");
        assertThat(a.quality().value()).isPositive();
      }
    }
    assertThat(ResultsFile.read(r.summaryFile())).hasSize(8);
    List<Map<String, String>> phases = ResultsFile.read(r.phasesFile());
    assertThat(phases.stream().map(x -> x.get("phase")).distinct()).containsExactlyInAnyOrder("load", "warmup",
        "prefill", "decode", "scoring");
    assertThat(phases.stream().filter(x -> x.get("phase").equals("load"))).hasSize(2);
    assertThat(rt.loads.get()).isEqualTo(2);
  }

  @Test
  void randomWeightsScoreZeroAndItShows() {
    ScriptedRuntime rt = new ScriptedRuntime(p -> "x7 qq", false);
    RunResult r = run(plan("  - {task: summarization, samples: 4}\n", ""), rt, Shard.ALL).execute();
    assertThat(r.summary()).allSatisfy(a -> {
      assertThat(a.quality().value()).isZero();
      assertThat(a.qualityMetric()).isEqualTo("rougeL");
    });
    assertThat(ResultsFile.read(r.resultsFile())).allSatisfy(x -> assertThat(x.get("score")).isEqualTo("0.0"));
  }

  @Test
  void resumeAfterAKillWithATornLineNeitherDuplicatesNorLosesRows() throws Exception {
    RunPlan p = plan("  - {task: summarization, samples: 6}\n  - {task: text-to-sql, samples: 4}\n", "");
    ScriptedRuntime dying = new ScriptedRuntime(oracle(), false);
    dying.killAfter = 7;
    assertThatThrownBy(() -> run(p, dying, Shard.ALL).execute()).isInstanceOf(ScriptedRuntime.Killed.class);
    Path results = dir.resolve("out/results.csv");
    List<Map<String, String>> before = ResultsFile.read(results);
    assertThat(before).hasSize(6);
    // the writer died in the middle of a row whose output text spans lines
    Files.writeString(results, "t-0,0/1,a,scripted-fake,summarization,bundled/summarization,dlg-0,0,9,3,1,1,\"half"
        + " a\nrow", StandardOpenOption.APPEND);

    ScriptedRuntime alive = new ScriptedRuntime(oracle(), false);
    RunResult r = run(p, alive, Shard.ALL).execute();
    assertThat(r.resumed()).isEqualTo(6);
    assertThat(r.written()).isEqualTo(14);
    assertThat(alive.requests.get()).isEqualTo(14 + 3); // + one warm-up per variant × task with work left
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("cut off a torn last row");
    List<Map<String, String>> after = ResultsFile.read(results);
    assertThat(after).hasSize(20);
    assertThat(after.subList(0, 6)).isEqualTo(before);
    Set<String> keys = new HashSet<>();
    for (Map<String, String> x : after) {
      assertThat(keys.add(x.get("variant") + x.get("task") + x.get("item_id") + x.get("repeat"))).isTrue();
      assertThat(x.get("error")).isEmpty();
    }
    assertThat(Files.readString(results)).doesNotContain("half a");
    assertThat(r.summary()).hasSize(4).allSatisfy(a -> assertThat(a.quality().value()).isCloseTo(1.0,
        within(1e-9)));
    RunResult again = run(p, alive, Shard.ALL).execute();
    assertThat(again.written()).isZero();
    assertThat(ResultsFile.read(results)).hasSize(20);
  }

  @Test
  void anOutputFolderOfAnotherPlanIsNotResumedInto() {
    run(plan("  - {task: summarization, samples: 2}\n", ""), new ScriptedRuntime(oracle(), false), Shard.ALL)
        .execute();
    RunPlan changed = plan("  - {task: summarization, samples: 2}\n", "repeats: 2\n");
    assertThatThrownBy(() -> run(changed, new ScriptedRuntime(oracle(), false), Shard.ALL).execute())
        .hasMessageStartingWith("Output " + dir.resolve("out/results.csv") + " holds rows of run [t-")
        .hasMessageEndingWith("a changed setting changes the run id): write to a new output folder (--out), or"
            + " restore the plan the rows came from to resume it.");
  }

  @Test
  void anIdleBaselineIsAPhaseAndGivesNetEnergy() {
    Supplier<EnergyMonitor> withBaseline = () -> {
      AtomicLong t = new AtomicLong();
      return EnergyMonitor.builder().clock(() -> t.addAndGet(10_000_000)).sleeper(d -> t.addAndGet(d.toNanos()))
          .probe(FakeProbe.of(Component.CPU, Power.ofWatts(10), t::get)).sampling(false)
          .baselineDuration(java.time.Duration.ofSeconds(2)).start();
    };
    RunResult r = Run.builder(plan("  - {task: summarization, samples: 2}\n", "")).runtime(new ScriptedRuntime(
        oracle(), false)).monitor(withBaseline).log(log, false).build().execute();
    Map<String, String> idle = ResultsFile.read(r.phasesFile()).get(0);
    assertThat(idle.get("phase")).isEqualTo("idle_baseline");
    assertThat(Double.parseDouble(idle.get("energy_cpu_j"))).isGreaterThan(19.9);
    Map<String, String> row = ResultsFile.read(r.resultsFile()).get(0);
    assertThat(Double.parseDouble(row.get("energy_net_j"))).isLessThan(Double.parseDouble(row.get("energy_j")));
  }

  @Test
  void shardsSplitTheSweepAndMergeJoinsThem() {
    RunPlan p = plan("  - {task: summarization, samples: 5}\n  - {task: text-to-sql, samples: 4}\n",
        "repeats: 2\n");
    int total = 0;
    for (int i = 0; i < 3; i++) {
      RunResult r = run(p, new ScriptedRuntime(oracle(), false), new Shard(i, 3)).execute();
      assertThat(r.resultsFile().getFileName().toString()).isEqualTo("results.shard-" + i + "-of-3.csv");
      total += r.written();
    }
    assertThat(total).isEqualTo(2 * 9 * 2);
    ResultsMerge.Outcome m = ResultsMerge.merge(List.of(dir.resolve("out")), dir.resolve("merged"), 3);
    assertThat(m.inputs()).hasSize(3);
    assertThat(m.rows()).isEqualTo(36);
    assertThat(m.duplicates()).isZero();
    RunResult whole = run(p.withOutput(dir.resolve("whole")), new ScriptedRuntime(oracle(), false), Shard.ALL)
        .execute();
    Set<String> a = keys(ResultsFile.read(m.results()));
    Set<String> b = keys(ResultsFile.read(whole.resultsFile()));
    assertThat(a).hasSize(36).isEqualTo(b);
    assertThat(ResultsFile.read(dir.resolve("merged/summary.csv"))).hasSize(4);
    ResultsMerge.Outcome twice = ResultsMerge.merge(List.of(dir.resolve("out"),
        dir.resolve("out/results.shard-1-of-3.csv")), dir.resolve("merged2"), 3);
    assertThat(twice.rows()).isEqualTo(36);
    assertThat(twice.duplicates()).isEqualTo(12);
    assertThatThrownBy(() -> ResultsMerge.merge(List.of(dir.resolve("nothing")), dir.resolve("m3"), 1))
        .hasMessage("Merge input " + dir.resolve("nothing") + " does not exist: give result files or the output"
            + " folders of the shards.");
  }

  static Set<String> keys(List<Map<String, String>> rows) {
    Set<String> out = new HashSet<>();
    rows.forEach(x -> out.add(x.get("variant") + "|" + x.get("task") + "|" + x.get("item_id") + "|"
        + x.get("repeat")));
    return out;
  }

  @Test
  void visionTasksOnATextRuntimeFailThePlanBeforeAnythingRuns() {
    ScriptedRuntime rt = new ScriptedRuntime(oracle(), false);
    assertThatThrownBy(() -> run(plan(ALL_FOUR, ""), rt, Shard.ALL).execute())
        .hasMessageStartingWith("Run plan t cannot run (4 problems):\n  - task captioning needs a vision-language"
            + " runtime, but variant a runs on a text-only runtime (onnx): give the variant tasks: without it, drop"
            + " the task, or run a vision-language model (runtime: onnx-vl).");
    assertThat(rt.loads.get()).isZero();
    assertThat(dir.resolve("out/results.csv")).doesNotExist();
  }

  @Test
  void dataProblemsAreListedUpFront() throws Exception {
    Path bad = dir.resolve("gretel.jsonl");
    Files.writeString(bad, "{\"id\": 1, \"sql_prompt\": \"q\", \"sql\": \"SELECT 1\"}\n");
    RunPlan p = RunPlan.parse("name: t\noutput: " + dir.resolve("o") + "\nvariants:\n  - {name: m, fixture:"
        + " unknown-model}\ntasks:\n  - {task: text-to-sql, source: " + bad + "}\n  - {task: summarization,"
        + " samples: 50}\n", "p.yaml");
    assertThatThrownBy(() -> run(p, new ScriptedRuntime(oracle(), false), Shard.ALL).execute())
        .hasMessage("Run plan t cannot run (3 problems):\n"
            + "  - task text-to-sql: Data file " + bad + " lacks column sql_context (it has [id, sql_prompt, sql]):"
            + " use the data set's published file, or map your column names in the plan (columns: {sql_context:"
            + " your_name}).\n"
            + "  - task summarization asks for 50 samples but bundled/summarization has 40: ask for at most 40.\n"
            + "  - variant m: no such fixture");
  }

  @Test
  void badItemsBecomeErrorRowsNotCrashes() throws Exception {
    Files.write(dir.resolve("ok.png"), org.cegi.tasks.samples.SampleGenerator.drawForTest());
    Files.writeString(dir.resolve("broken.png"), "this is not a PNG");
    Path vqa = dir.resolve("vqa.jsonl");
    Files.writeString(vqa, "{\"id\": \"good\", \"image\": \"ok.png\", \"question\": \"Is there a shape?\", \"answer\":"
        + " \"yes\"}\n{\"id\": \"bad\", \"image\": \"broken.png\", \"question\": \"Is there a shape?\", \"answer\":"
        + " \"yes\"}\n");
    Path sql = dir.resolve("sql.jsonl");
    Files.writeString(sql, "{\"id\": 1, \"sql_prompt\": \"How many?\", \"sql_context\": \"CREATE TABLE t (a INT);"
        + " INSERT INTO t VALUES (1);\", \"sql\": \"SELECT COUNT(*) FROM t\"}\n"
        + "{\"id\": 2, \"sql_prompt\": \"How many?\", \"sql_context\": \"CREATE TABLE (\", \"sql\": \"SELECT 1\"}\n");
    RunPlan p = RunPlan.parse("name: t\nbatch_size: 2\noutput: " + dir.resolve("o") + "\nvariants:\n  - {name: m,"
        + " fixture: tiny-qwen2}\ntasks:\n  - {task: vqa, source: " + vqa + ", samples: 2}\n  - {task: text-to-sql,"
        + " source: " + sql + ", samples: 2}\n", "p.yaml");
    RunResult r = run(p, new ScriptedRuntime(x -> x.image().isPresent() ? "Yes." : "```sql\nSELECT COUNT(*) FROM t"
        + "\n```", true), Shard.ALL).execute();
    assertThat(r.written()).isEqualTo(4);
    assertThat(r.errors()).isEqualTo(2);
    Map<String, Map<String, String>> byId = new HashMap<>();
    ResultsFile.read(r.resultsFile()).forEach(x -> byId.put(x.get("item_id"), x));
    assertThat(byId.get("good").get("score")).isEqualTo("1.0");
    assertThat(byId.get("bad").get("error")).startsWith("Image " + dir.resolve("broken.png") + " does not decode");
    assertThat(byId.get("1").get("score")).isEqualTo("1.0");
    assertThat(byId.get("2").get("error")).startsWith("scoring failed: The sql_context of item 2 does not execute"
        + " on SQLite (");
    assertThat(byId.get("2").get("output_text")).contains("SELECT");
    assertThat(r.summary()).allSatisfy(a -> {
      assertThat(a.requests()).isEqualTo(2);
      assertThat(a.errors()).isEqualTo(1);
    });
  }

  @Test
  void aRuntimeFailureIsRecordedForTheBatch() {
    ScriptedRuntime rt = new ScriptedRuntime(x -> {
      throw new IllegalStateException("out of memory");
    }, false);
    RunResult r = run(plan("  - {task: summarization, samples: 2}\n", "warmup_requests: 0\n"), rt, Shard.ALL)
        .execute();
    assertThat(r.errors()).isEqualTo(4);
    assertThat(ResultsFile.read(r.resultsFile())).allSatisfy(x ->
        assertThat(x.get("error")).isEqualTo("generation failed: out of memory"));
  }

  /** A CPU at 10 W on a clock that advances 1 µs per read, and the runtime's prefill and decode take 200 and 600 ms. */
  static final class TimedScript {
    final AtomicLong t = new AtomicLong();
    final ScriptedRuntime rt;

    TimedScript(boolean vision) {
      rt = new ScriptedRuntime(oracle(), vision);
      rt.prefillWork = () -> t.addAndGet(200_000_000);
      rt.decodeWork = () -> t.addAndGet(600_000_000);
    }

    Supplier<EnergyMonitor> monitor() {
      return () -> EnergyMonitor.builder().clock(() -> t.addAndGet(1_000))
          .probe(FakeProbe.of(Component.CPU, Power.ofWatts(10), t::get)).sampling(false).start();
    }
  }

  static double d(Map<String, String> row, String col) {
    return Double.parseDouble(row.get(col));
  }

  @Test
  void everyBatchIsMeasuredAsAPrefillAndADecodeWindowThatAddUpToTheBatch() {
    TimedScript s = new TimedScript(true);
    RunResult r = Run.builder(plan(ALL_FOUR, "")).runtime(s.rt).monitor(s.monitor()).log(log, false).build()
        .execute();
    List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
    assertThat(rows).hasSize(40);
    for (Map<String, String> x : rows) {
      int n = Integer.parseInt(x.get("batch_size"));
      assertThat(d(x, "prefill_s")).isCloseTo(0.2, within(1e-4));
      assertThat(d(x, "decode_s")).isCloseTo(0.6, within(1e-4));
      assertThat(d(x, "prefill_s") + d(x, "decode_s")).isCloseTo(d(x, "duration_s"), within(1e-4));
      assertThat(d(x, "energy_prefill_j")).isCloseTo(10 * d(x, "prefill_s") / n, within(1e-9));
      assertThat(d(x, "energy_decode_j")).isCloseTo(10 * d(x, "decode_s") / n, within(1e-9));
      assertThat(d(x, "energy_prefill_j") + d(x, "energy_decode_j")).isCloseTo(d(x, "energy_j"), within(1e-3));
      assertThat(x.get("method_cpu")).isEqualTo("fake");
      assertThat(x.get("warnings")).doesNotContain("did not report its first token");
    }
    // phases.csv: exactly one prefill and one decode window per batch, labelled with their method
    List<Map<String, String>> phases = ResultsFile.read(r.phasesFile());
    Map<String, List<Map<String, String>>> batches = new HashMap<>();
    rows.forEach(x -> batches.computeIfAbsent(x.get("variant") + "/" + x.get("task") + "/" + x.get("batch"),
        k -> new java.util.ArrayList<>()).add(x));
    assertThat(batches).hasSize(16); // 2 variants × 4 tasks × ceil(5 / 3)
    for (Map.Entry<String, List<Map<String, String>>> e : batches.entrySet()) {
      Map<String, String> row = e.getValue().get(0);
      Map<String, Map<String, String>> byPhase = new HashMap<>();
      for (Map<String, String> ph : phases) {
        if ((ph.get("variant") + "/" + ph.get("task") + "/" + ph.get("batch")).equals(e.getKey())) {
          assertThat(byPhase.put(ph.get("phase"), ph)).as(e.getKey() + " " + ph.get("phase")).isNull();
        }
      }
      assertThat(byPhase).as(e.getKey()).containsOnlyKeys("prefill", "decode", "scoring");
      for (String phase : List.of("prefill", "decode")) {
        Map<String, String> ph = byPhase.get(phase);
        assertThat(ph.get("requests")).isEqualTo(Integer.toString(e.getValue().size()));
        assertThat(ph.get("method_cpu")).isEqualTo("fake");
        assertThat(d(ph, "energy_j")).isNotNegative().isCloseTo(d(ph, "energy_cpu_j"), within(1e-12));
        assertThat(d(ph, "duration_s")).isEqualTo(d(row, phase + "_s"));
      }
      assertThat(d(byPhase.get("prefill"), "duration_s") + d(byPhase.get("decode"), "duration_s"))
          .isCloseTo(d(row, "duration_s"), within(1e-4));
    }
    // one generation request per batch (plus warm-up): no separate one-token prefill request any more
    assertThat(s.rt.firstTokens.get()).isEqualTo(16);
    assertThat(s.rt.requests.get()).isEqualTo(40 + 8);
  }

  @Test
  void aRuntimeThatDoesNotReportItsFirstTokenLeavesTheSplitEmptyAndSaysSo() {
    TimedScript s = new TimedScript(false);
    s.rt.tellsFirstToken = false;
    RunResult r = Run.builder(plan("  - {task: summarization, samples: 3}\n", "")).runtime(s.rt)
        .monitor(s.monitor()).log(log, false).build().execute();
    List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
    assertThat(rows).hasSize(6).allSatisfy(x -> {
      assertThat(x.get("error")).isEmpty();
      assertThat(d(x, "duration_s")).isCloseTo(0.8, within(1e-4));
      assertThat(x.get("prefill_s")).isEmpty();
      assertThat(x.get("decode_s")).isEmpty();
      assertThat(x.get("energy_prefill_j")).isEmpty();
      assertThat(x.get("energy_decode_j")).isEmpty();
      assertThat(x.get("warnings")).contains("runtime scripted-fake did not report its first token: the batch is"
          + " not split into prefill and decode");
    });
    assertThat(ResultsFile.read(r.phasesFile())).extracting(x -> x.get("phase")).doesNotContain("prefill",
        "decode");
  }

  @Test
  void measurePrefillFalseMeasuresTheBatchAsOneWindow() {
    TimedScript s = new TimedScript(false);
    RunResult r = Run.builder(plan("  - {task: summarization, samples: 3}\n", "measure_prefill: false\n"))
        .runtime(s.rt).monitor(s.monitor()).log(log, false).build().execute();
    assertThat(ResultsFile.read(r.resultsFile())).hasSize(6).allSatisfy(x -> {
      assertThat(d(x, "duration_s")).isCloseTo(0.8, within(1e-4));
      assertThat(x.get("prefill_s")).isEmpty();
      assertThat(x.get("energy_decode_j")).isEmpty();
      assertThat(x.get("warnings")).doesNotContain("first token");
    });
    assertThat(ResultsFile.read(r.phasesFile())).extracting(x -> x.get("phase")).doesNotContain("prefill",
        "decode");
  }

  @Test
  void aFailureAfterTheFirstTokenClosesBothWindowsAndIsRecorded() {
    TimedScript s = new TimedScript(false);
    s.rt.decodeWork = () -> {
      throw new IllegalStateException("decoder crashed");
    };
    RunResult r = Run.builder(plan("  - {task: summarization, samples: 2}\n", "warmup_requests: 0\n"))
        .runtime(s.rt).monitor(s.monitor()).log(log, false).build().execute();
    assertThat(ResultsFile.read(r.resultsFile())).hasSize(4).allSatisfy(x ->
        assertThat(x.get("error")).isEqualTo("generation failed: decoder crashed"));
  }

  @Test
  void aTaskSourceOnTheHubIsFetchedThroughTheHubCacheAndOfflineFailsThePlanUpFront() throws Exception {
    Path served = dir.resolve("served/test.jsonl");
    Files.createDirectories(served.getParent());
    // SAMSum's columns, dialogues the project wrote
    Files.writeString(served, "{\"id\": \"13818513\", \"dialogue\": \"Ann: Lunch?\\r\\nBob: Yes.\", \"summary\":"
        + " \"Ann and Bob will have lunch.\"}\n{\"id\": \"13728867\", \"dialogue\": \"Cat: Fish fed?\\r\\nDan: No.\","
        + " \"summary\": \"Dan did not feed the fish.\"}\n{\"id\": \"13681000\", \"dialogue\": \"Eve: Late.\\r\\nFay:"
        + " I'll wait.\", \"summary\": \"Fay will wait for Eve.\"}\n");
    String source = "hf://datasets/cegi-test/samsum-mini/data/test.jsonl";
    String tasks = "  - {task: summarization, samples: 3, source: \"" + source + "\"}\n";
    org.cegi.model.hub.HubClient.Builder hub = org.cegi.model.hub.HubClient.builder().cacheDir(dir.resolve("hf"))
        .noToken();
    try (org.cegi.model.hub.LocalHub server = new org.cegi.model.hub.LocalHub()) {
      server.dataset("cegi-test/samsum-mini", "data/test.jsonl", served);
      hub.endpoint(server.endpoint());
      RunPlan offlinePlan = RunPlan.parse("name: t\noutput: " + dir.resolve("off") + "\nvariants: [tiny-qwen2]\n"
          + "tasks:\n" + tasks, "t.yaml");
      assertThatThrownBy(() -> Run.builder(offlinePlan).runtime(new ScriptedRuntime(oracle(), false))
          .hub(hub.offline(true).build()).monitor(fakeMonitor()).log(log, false).build().execute())
          .hasMessageStartingWith("Run plan t cannot run (1 problem):\n  - task summarization: Cannot get data set"
              + " file cegi-test/samsum-mini/data/test.jsonl: offline mode (HF_HUB_OFFLINE=1)")
          .hasMessageContaining("give its local path as the task's source: in the plan");
      assertThat(dir.resolve("off")).doesNotExist();
      RunResult r = Run.builder(plan(tasks, "")).runtime(new ScriptedRuntime(oracle(), false))
          .hub(hub.offline(false).build()).monitor(fakeMonitor()).log(log, false).build().execute();
      List<Map<String, String>> rows = ResultsFile.read(r.resultsFile());
      assertThat(rows).hasSize(6).allSatisfy(x -> {
        assertThat(x.get("error")).isEmpty();
        assertThat(x.get("dataset")).isEqualTo("test");
      });
      assertThat(rows).extracting(x -> x.get("item_id")).contains("13818513", "13728867", "13681000");
      assertThat(dir.resolve("hf/datasets--cegi-test--samsum-mini/snapshots")).isDirectory();
    }
  }
}
