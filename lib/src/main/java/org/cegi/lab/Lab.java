package org.cegi.lab;

import org.cegi.model.lab.TrainingSequence;
import org.cegi.model.lab.DecoderTrainer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Component;
import org.cegi.tasks.ItemScore;
import org.cegi.tasks.Task;
import org.cegi.tasks.TaskItem;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.index.GainConvention;
import org.cegi.internal.Check;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Measurement;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyDecoder.Variant;
import org.cegi.model.onnx.OnnxCausalLm;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.ChatTemplate;
import org.cegi.model.text.HfTokenizer;

/**
 * The Green-AI lab: trains a small Qwen2-style decoder on a seeded generic mixture (the base model), fine-tunes it
 * with LoRA once per {@link LabTask} (text-to-SQL, summarization) from the same base, merges each adapter, writes
 * the three models in the Hugging Face ONNX layout with 16-, 8- and 4-bit siblings, and scores every variant on the
 * held-out items of its tasks exactly as the run engine does (the task's prompt through the model's chat template,
 * {@link OnnxCausalLm}, the task's extraction and metrics). Every training and quantization step is measured in an
 * {@link EnergyMonitor} window. Each run writes its held-out data files (read by the task loaders) and a run plan,
 * {@code plan.yaml}, that runs all its variants through {@code org.cegi.bench.Run}. A run lives in
 * {@code <root>/text-<config hash>/} and is reused until the configuration or {@link #VERSION} changes, or
 * {@code retrain} is asked.
 *
 * <pre>{@code
 * Lab lab = Lab.open(Path.of("build/lab"));
 * try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
 *   LabReport r = lab.train(LabConfig.defaults(), monitor, intensity, false, System.out::println);
 *   r.variants();           // lab-base-*, lab-sql-lora-*, lab-summ-lora-* (fp32/fp16/int8/q4) with their scores
 *   r.cegis();              // per task: its LoRA window's emissions, base vs fine-tuned fp32 score, adapter size
 *   r.planFile();           // build/lab/text-<hash>/plan.yaml for cegi run --plan
 * }
 * }</pre>
 */
public final class Lab {
  /** Bump when the code changes what is trained: it is part of the folder hash. */
  public static final String VERSION = "lab-3";
  /** The chat template of the lab's models (ChatML turns, no default system message). */
  public static final String CHAT_TEMPLATE =
      "{%- for message in messages %}\n"
          + "    {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}\n"
          + "{%- endfor %}\n"
          + "{%- if add_generation_prompt %}\n"
          + "    {{- '<|im_start|>assistant\\n' }}\n"
          + "{%- endif %}\n";
  private static final String REPORT = "lab.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final Path root;

  private Lab(Path root) {
    this.root = root;
  }

  /** A lab whose runs live below {@code root} (the main job uses {@code build/lab}). */
  public static Lab open(Path root) {
    return new Lab(Check.notNull("root", root).toAbsolutePath());
  }

  public Path root() {
    return root;
  }

  /** The folder of a configuration's run. */
  public Path runDir(LabConfig config) {
    return root.resolve("text-" + config.hash());
  }

  /** The finished run of this configuration, if its report exists. */
  public Optional<LabReport> report(LabConfig config) {
    Path f = runDir(config).resolve(REPORT);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LabReport.fromJson(JsonParser.parseString(Files.readString(f)).getAsJsonObject(),
          runDir(config)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every finished run below the root. */
  public List<LabReport> runs() {
    List<LabReport> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        Path f = d.resolve(REPORT);
        if (Files.isRegularFile(f)) {
          out.add(LabReport.fromJson(JsonParser.parseString(Files.readString(f)).getAsJsonObject(), d));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list lab runs in " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Trains (or reuses) the base and one LoRA fine-tune per task, writes every variant, the held-out data files and
   * the run plan, and scores every variant on the held-out items of its tasks.
   *
   * @param monitor measures the windows {@code lab/base-train}, {@code lab/sql-lora}, {@code lab/summ-lora},
   *     {@code lab/quantize}
   * @param intensity grid intensity the windows' energy is converted with (PUE 1)
   * @param retrain train even when a finished run of this configuration exists
   * @param progress receives one line per phase
   */
  public LabReport train(LabConfig config, EnergyMonitor monitor, CarbonIntensity intensity, boolean retrain,
      Consumer<String> progress) {
    Check.notNull("config", config);
    Check.notNull("monitor", monitor);
    Check.notNull("intensity", intensity);
    Check.notNull("progress", progress);
    if (!retrain) {
      Optional<LabReport> done = report(config);
      if (done.isPresent()) {
        progress.accept("Reusing the lab run " + runDir(config) + " (pass retrain to train again)");
        return done.get();
      }
    }
    Path dir = runDir(config);
    deleteTree(dir);
    long t0 = System.nanoTime();
    LabData data = LabData.write(config, dir.resolve("data"));
    List<LabExample> generic = GenericMixture.chat(config.seed() + 1, config.baseItems());
    List<String> sqlText = GenericMixture.sqlText(config.seed() + 2, data.sql().train());
    TinyDecoder writer = writer(config, data, generic, sqlText);
    Path tokDir = writer.writeTokenizerTo(dir.resolve("tokenizer"));
    int vocab = writer.vocabSize();
    List<TrainingSequence> baseData = new ArrayList<>();
    Map<LabTask, List<TrainingSequence>> taskData = new LinkedHashMap<>();
    int padId;
    try (HfTokenizer tok = HfTokenizer.load(tokDir)) {
      ChatTemplate template = ChatTemplate.fromModelFolder(tokDir);
      padId = (int) tok.encode("<|endoftext|>", false)[0];
      for (LabExample e : generic) {
        baseData.add(chatSequence(tok, template, List.of(ChatMessage.user(e.prompt())), e.answer(), true));
      }
      for (String s : sqlText) {
        long[] ids = tok.encode(s + "<|endoftext|>", false);
        boolean[] m = new boolean[ids.length];
        java.util.Arrays.fill(m, true);
        baseData.add(new TrainingSequence(ids, m));
      }
      for (LabTask t : LabTask.values()) {
        List<TrainingSequence> seqs = new ArrayList<>();
        for (TaskItem item : data.trainItems(t)) {
          seqs.add(chatSequence(tok, template, t.task().prompt(item).messages(), t.reply(item), false));
        }
        taskData.put(t, seqs);
      }
    }
    progress.accept(String.format(Locale.ROOT, "Data: %d base sequences; text-to-SQL %d training / %d held-out,"
        + " summarization %d / %d; vocabulary %d (%.1f s)", baseData.size(), data.trainItems(LabTask.SQL).size(),
        data.heldOut(LabTask.SQL).size(), data.trainItems(LabTask.SUMM).size(), data.heldOut(LabTask.SUMM).size(),
        vocab, (System.nanoTime() - t0) / 1e9));

    List<LabStep> steps = new ArrayList<>();
    Path baseDir = dir.resolve("base");
    long baseParams;
    long trainable = 0;
    try (DecoderTrainer trainer = new DecoderTrainer(config.spec(), vocab, padId, config.seed(),
        config.threads())) {
      baseParams = trainer.baseParams();
      double[] loss = new double[1];
      Measurement m = monitor.measure("lab/base-train", () -> {
        loss[0] = trainer.train(baseData, config.baseSteps(), config.batchSize(), config.baseLr(),
            every(progress, "base", config.baseSteps()));
        writeWeights(baseDir.resolve("weights.bin"), trainer.export());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
      for (LabTask t : LabTask.values()) {
        trainable = trainer.addLora(config.lora());
        Path ftDir = dir.resolve(t.key() + "-lora");
        m = monitor.measure(t.window(), () -> {
          loss[0] = trainer.train(taskData.get(t), config.loraSteps(), config.batchSize(), config.loraLr(),
              every(progress, t.key() + "-lora", config.loraSteps()));
          writeWeights(ftDir.resolve("weights.bin"), trainer.export());
        });
        trainer.dropLora();
        steps.add(step(m, intensity, loss[0]));
        progress.accept(line(steps.get(steps.size() - 1)));
      }
    }
    steps.add(quantizeAll(writer, dir, monitor, intensity));
    progress.accept(line(steps.get(steps.size() - 1)));

    List<LabVariant> variants = new ArrayList<>();
    for (Variant v : Variant.values()) {
      variants.add(score("lab-base", baseDir, v, "", List.of(LabTask.values()), data, config.threads()));
      for (LabTask t : LabTask.values()) {
        variants.add(score("lab-" + t.key() + "-lora", dir.resolve(t.key() + "-lora"), v, t.task().name(),
            List.of(t), data, config.threads()));
      }
    }
    variants.forEach(v -> progress.accept(String.format(Locale.ROOT, "%-24s %s", v.name(), v.scoreText())));
    List<LabReport.TaskData> tasks = new ArrayList<>();
    for (LabTask t : LabTask.values()) {
      tasks.add(new LabReport.TaskData(t.task().name(), t.key(), t.task().gainMetric(), data.trainItems(t).size(),
          data.heldOut(t).size(), dir.relativize(data.heldOutFile(t)).toString()));
    }
    LabReport report = new LabReport(config.hash(), VERSION, dir, baseParams, trainable, config.lora().rank(),
        List.copyOf(new java.util.TreeSet<>(config.lora().targets())), tasks, steps, variants,
        intensity.gramsPerKwh(), intensity.region());
    writePlan(report, config);
    try {
      Files.writeString(dir.resolve(REPORT), GSON.toJson(report.toJson()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the lab report in " + dir + ": " + e.getMessage(), e);
    }
    return report;
  }

  /**
   * Rewrites the 16-, 8- and 4-bit siblings of a finished run from its saved weights, in a measured window
   * {@code lab/quantize}; returns the window's step.
   */
  public LabStep quantize(LabConfig config, EnergyMonitor monitor, CarbonIntensity intensity) {
    Path dir = runDir(config);
    if (!Files.isRegularFile(dir.resolve(REPORT))) {
      throw new IllegalStateException("No finished lab run in " + dir + ": train it first (cegi lab train)");
    }
    LabData data = LabData.generate(config);
    List<LabExample> generic = GenericMixture.chat(config.seed() + 1, config.baseItems());
    TinyDecoder writer = writer(config, data, generic,
        GenericMixture.sqlText(config.seed() + 2, data.sql().train()));
    return quantizeAll(writer, dir, monitor, intensity);
  }

  private static LabStep quantizeAll(TinyDecoder writer, Path dir, EnergyMonitor monitor,
      CarbonIntensity intensity) {
    Measurement q = monitor.measure("lab/quantize", () -> {
      writeModel(writer, dir.resolve("base"), readWeights(dir.resolve("base").resolve("weights.bin")));
      for (LabTask t : LabTask.values()) {
        Path ft = dir.resolve(t.key() + "-lora");
        writeModel(writer, ft, readWeights(ft.resolve("weights.bin")));
      }
    });
    return step(q, intensity, 0);
  }

  private static TinyDecoder writer(LabConfig config, LabData data, List<LabExample> generic, List<String> sqlText) {
    return TinyDecoder.of(config.spec()).merges(config.merges())
        .tokenizerCorpus(tokenizerCorpus(generic, data, sqlText)).chatTemplate(CHAT_TEMPLATE);
  }

  /**
   * Writes {@code plan.yaml} into the run folder: every variant ({@code path:} its model folder, {@code runtime:
   * onnx}, the task(s) it is meant for; the base runs all of them as the baseline) and every task with its held-out
   * file as {@code source:}, all its items, the lab's greedy generation settings and intensity.
   */
  static void writePlan(LabReport r, LabConfig config) {
    StringBuilder b = new StringBuilder();
    b.append("# Written by org.cegi.lab.Lab (").append(VERSION).append("): the lab's variants on their held-out")
        .append(" items.\n# Run it with: cegi run --plan ").append(r.planFile()).append('\n');
    b.append("name: lab-").append(r.configHash()).append('\n');
    b.append("description: lab run ").append(r.configHash()).append(", every variant on the held-out items of its")
        .append(" tasks\n");
    b.append("seed: ").append(config.seed()).append('\n');
    b.append("region: ").append(yamlString(r.region())).append('\n');
    b.append("intensity_g_per_kwh: ").append(r.intensityGPerKwh()).append('\n');
    b.append("pue: 1.0\nidle_baseline_s: 0\nwarmup_requests: 1\nrepeats: 1\n");
    b.append("batch_size: ").append(SCORE_BATCH).append('\n');
    b.append("output: ").append(yamlString(r.dir().resolve("run").toString())).append('\n');
    b.append("generation: {max_new_tokens: ").append(MAX_NEW_TOKENS).append(", sample: false}\n");
    b.append("variants:\n");
    for (LabVariant v : r.variants()) {
      List<String> tasks = v.fineTunedFor().isEmpty() ? r.tasks().stream().map(LabReport.TaskData::task).toList()
          : List.of(v.fineTunedFor());
      b.append("  - {name: ").append(v.name()).append(", path: ").append(yamlString(v.dir().toString()))
          .append(", quantization: ").append(v.quantization()).append(", runtime: onnx, threads: ")
          .append(config.threads()).append(", tasks: [").append(String.join(", ", tasks)).append("]}\n");
    }
    b.append("tasks:\n");
    for (LabReport.TaskData t : r.tasks()) {
      b.append("  - {task: ").append(t.task()).append(", source: ")
          .append(yamlString(r.dir().resolve(t.heldOutFile()).toString())).append(", samples: ")
          .append(t.heldOutItems()).append(", gain_metric: ").append(t.metric()).append("}\n");
    }
    try {
      Files.writeString(r.planFile(), b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the lab's run plan " + r.planFile() + ": " + e.getMessage(), e);
    }
  }

  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static void writeModel(TinyDecoder writer, Path dir, TinyDecoder.Weights w) {
    writer.variants(EnumSet.allOf(Variant.class)).weights(w).writeTo(dir);
  }

  private static java.util.function.IntConsumer every(Consumer<String> progress, String what, int total) {
    long start = System.nanoTime();
    int stride = Math.max(1, total / 5);
    return i -> {
      if ((i + 1) % stride == 0 || i + 1 == total) {
        progress.accept(String.format(Locale.ROOT, "  %s step %d/%d (%.0f s)", what, i + 1, total,
            (System.nanoTime() - start) / 1e9));
      }
    };
  }

  private static String line(LabStep s) {
    return String.format(Locale.ROOT, "%s: %.1f s, %.1f J (%s), %.4f g CO2e%s", s.name(), s.durationS(), s.energyJ(),
        s.method(), s.co2eG(), s.finalLoss() > 0 ? String.format(Locale.ROOT, ", final loss %.3f", s.finalLoss()) : "");
  }

  private static LabStep step(Measurement m, CarbonIntensity intensity, double loss) {
    Emissions e = Emissions.of(m.grossEnergy(), 1.0, intensity);
    String method = m.method(Component.CPU).map(Object::toString).orElse("none");
    return new LabStep(m.name(), m.durationS(), m.grossEnergy().joules(), e.grams(), method.toLowerCase(Locale.ROOT),
        loss);
  }

  /** Prompt tokens (the chat template with the generation prompt) then the reply and {@code <|im_end|>}. */
  static TrainingSequence chatSequence(HfTokenizer tok, ChatTemplate template, List<ChatMessage> messages,
      String reply, boolean lossOnPrompt) {
    long[] prompt = tok.encode(template.render(messages, true), false);
    long[] answer = tok.encode(reply + "<|im_end|>", false);
    long[] ids = new long[prompt.length + answer.length];
    System.arraycopy(prompt, 0, ids, 0, prompt.length);
    System.arraycopy(answer, 0, ids, prompt.length, answer.length);
    boolean[] mask = new boolean[ids.length];
    for (int i = 0; i + 1 < ids.length; i++) {
      mask[i] = lossOnPrompt || i + 1 >= prompt.length;
    }
    return new TrainingSequence(ids, mask);
  }

  /**
   * The text the tokenizer's merges are learnt from: every distinct word of the training texts and of the tasks'
   * prompts (system messages and schema included), twice, digits removed (numbers stay single digits, so unseen
   * numbers tokenise like seen ones).
   */
  static String tokenizerCorpus(List<LabExample> generic, LabData data, List<String> sqlText) {
    Set<String> words = new LinkedHashSet<>();
    Consumer<String> add = s -> {
      for (String w : s.replaceAll("[0-9]", " ").split("\\s+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    };
    generic.forEach(e -> {
      add.accept(e.prompt());
      add.accept(e.answer());
    });
    for (LabTask t : LabTask.values()) {
      for (TaskItem item : data.trainItems(t)) {
        t.task().prompt(item).messages().forEach(m -> add.accept(m.content()));
        add.accept(t.reply(item));
      }
    }
    sqlText.forEach(add);
    String once = " " + String.join(" ", words);
    return once + once;
  }

  /** Requests per batch when scoring (the plan's {@code batch_size} too). */
  static final int SCORE_BATCH = 16;
  /** Greedy decoding budget when scoring (the plan's {@code max_new_tokens} too). */
  static final int MAX_NEW_TOKENS = 64;

  /**
   * Scores one variant on the held-out items of its tasks exactly as the run engine does: the task's prompt, the
   * model's chat template, greedy decoding in batches through {@link OnnxCausalLm}, the task's answer extraction,
   * its per-item metrics and its set-level gain metric; writes the predictions next to the model.
   */
  static LabVariant score(String family, Path dir, Variant v, String fineTunedFor, List<LabTask> tasks,
      LabData data, int threads) {
    String q = v.name().toLowerCase(Locale.ROOT);
    Map<String, Double> scores = new LinkedHashMap<>();
    StringBuilder log = new StringBuilder();
    GenerationOptions opts = GenerationOptions.builder().maxNewTokens(MAX_NEW_TOKENS).build();
    try (OnnxCausalLm lm = OnnxCausalLm.load(dir, v.fileName(), threads)) {
      for (LabTask t : tasks) {
        Task task = t.task();
        List<TaskItem> heldOut = data.heldOut(t);
        List<String> answers = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        List<ItemScore> perItem = new ArrayList<>();
        for (int i = 0; i < heldOut.size(); i += SCORE_BATCH) {
          List<TaskItem> chunk = heldOut.subList(i, Math.min(heldOut.size(), i + SCORE_BATCH));
          List<List<ChatMessage>> convs = new ArrayList<>();
          chunk.forEach(item -> convs.add(task.prompt(item).messages()));
          List<GenerationResult> out = lm.chatBatch(convs, opts);
          for (int j = 0; j < chunk.size(); j++) {
            String answer = task.extract(out.get(j).text());
            ItemScore s = task.score(chunk.get(j), answer);
            answers.add(answer);
            refs.add(task.references(chunk.get(j)));
            perItem.add(s);
            JsonObject o = new JsonObject();
            o.addProperty("task", task.name());
            o.addProperty("item_id", chunk.get(j).id());
            o.addProperty("output", out.get(j).text());
            o.addProperty("answer", answer);
            o.addProperty("reference", String.join(" | ", task.references(chunk.get(j))));
            o.addProperty(task.gainMetric(), s.values().getOrDefault(task.gainMetric(), 0.0));
            log.append(new Gson().toJson(o)).append('\n');
          }
        }
        scores.put(task.name(), heldOut.isEmpty() ? 0.0
            : task.corpusScores(answers, refs, perItem).getOrDefault(task.gainMetric(), 0.0));
      }
    }
    long bytes;
    try {
      Files.writeString(dir.resolve("predictions-" + q + ".jsonl"), log.toString(), StandardCharsets.UTF_8);
      bytes = Files.size(dir.resolve("onnx").resolve(v.fileName()));
    } catch (IOException e) {
      bytes = 0;
    }
    return new LabVariant(family + "-" + q, dir, v.fileName(), q, fineTunedFor, scores, bytes);
  }

  /** Weights as a flat float file: embed, final norm, then per layer the 12 arrays (lengths prefixed). */
  static void writeWeights(Path file, TinyDecoder.Weights w) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
        List<float[]> arrays = w.arrays();
        out.writeInt(arrays.size());
        for (float[] a : arrays) {
          out.writeInt(a.length);
          for (float f : a) {
            out.writeFloat(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write weights " + file + ": " + e.getMessage(), e);
    }
  }

  static TinyDecoder.Weights readWeights(Path file) {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      List<float[]> arrays = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] a = new float[in.readInt()];
        for (int j = 0; j < a.length; j++) {
          a[j] = in.readFloat();
        }
        arrays.add(a);
      }
      return TinyDecoder.Weights.fromArrays(arrays);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read weights " + file + ": " + e.getMessage()
          + ". Retrain (cegi lab train --retrain).", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }

  /** CEGI of one task's fine-tuning (exposed on {@link LabReport#cegi(String)}). */
  static CegiResult cegi(String name, double loraCo2eG, double base, double tuned, long trainable) {
    return Cegi.builder().name(name).emissionsGrams(loraCo2eG).base(base).tuned(tuned).trainableParams(trainable)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
  }
}
