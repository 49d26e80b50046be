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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Component;
import org.cegi.eval.sql.SqlExecution;
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
 * for text-to-SQL with LoRA, merges the adapter, writes both in the Hugging Face ONNX layout with 16-, 8- and 4-bit
 * siblings, scores every variant by execution accuracy on held-out questions through {@link OnnxCausalLm} and
 * {@link SqlExecution}, and measures every training and quantization step in an {@link EnergyMonitor} window. A run
 * lives in {@code <root>/<config hash>/} and is reused until the configuration or {@link #VERSION} changes, or
 * {@code retrain} is asked.
 *
 * <pre>{@code
 * Lab lab = Lab.open(Path.of("build/lab"));
 * try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
 *   LabReport r = lab.train(LabConfig.defaults(), monitor, intensity, false, System.out::println);
 *   r.variants();           // base and fine-tuned, fp32/fp16/int8/q4, each with its execution accuracy
 *   r.cegi();               // LoRA window emissions, base vs fine-tuned fp32 accuracy, adapter parameters
 * }
 * }</pre>
 */
public final class Lab {
  /** Bump when the code changes what is trained: it is part of the folder hash. */
  public static final String VERSION = "lab-2";
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
    return root.resolve("sql-" + config.hash());
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
   * Trains (or reuses) the base and fine-tuned models, writes and scores every variant.
   *
   * @param monitor measures the windows {@code lab/base-train}, {@code lab/sql-lora}, {@code lab/quantize}
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
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(config.threads()));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Path dir = runDir(config);
    deleteTree(dir);
    long t0 = System.nanoTime();
    SqlTaskData sql = SqlTaskData.generate(config.seed(), config.heldOutShare());
    Path db = sql.writeDatabase(dir.resolve("data").resolve("company.sqlite"));
    writeItems(dir.resolve("data").resolve("sql-train.jsonl"), sql.train());
    writeItems(dir.resolve("data").resolve("sql-heldout.jsonl"), sql.heldOut());
    List<LabExample> generic = GenericMixture.chat(config.seed() + 1, config.baseItems());
    List<String> sqlText = GenericMixture.sqlText(config.seed() + 2, sql.train());

    TinyDecoder writer = TinyDecoder.of(config.spec()).merges(config.merges())
        .tokenizerCorpus(tokenizerCorpus(generic, sql.train(), sqlText)).chatTemplate(CHAT_TEMPLATE);
    Path tokDir = writer.writeTokenizerTo(dir.resolve("tokenizer"));
    int vocab = writer.vocabSize();
    List<TrainingSequence> baseData = new ArrayList<>();
    List<TrainingSequence> sqlData = new ArrayList<>();
    int padId;
    try (HfTokenizer tok = HfTokenizer.load(tokDir)) {
      ChatTemplate template = ChatTemplate.fromModelFolder(tokDir);
      padId = (int) tok.encode("<|endoftext|>", false)[0];
      for (LabExample e : generic) {
        baseData.add(chatSequence(tok, template, e, true));
      }
      for (String s : sqlText) {
        long[] ids = tok.encode(s + "<|endoftext|>", false);
        boolean[] m = new boolean[ids.length];
        java.util.Arrays.fill(m, true);
        baseData.add(new TrainingSequence(ids, m));
      }
      for (LabExample e : sql.train()) {
        sqlData.add(chatSequence(tok, template, e, false));
      }
    }
    progress.accept(String.format(Locale.ROOT, "Data: %d base sequences, %d text-to-SQL training and %d held-out"
        + " questions, vocabulary %d (%.1f s)", baseData.size(), sqlData.size(), sql.heldOut().size(), vocab,
        (System.nanoTime() - t0) / 1e9));

    List<LabStep> steps = new ArrayList<>();
    Path baseDir = dir.resolve("base");
    Path ftDir = dir.resolve("sql-lora");
    long baseParams;
    long trainable;
    try (DecoderTrainer trainer = new DecoderTrainer(config.spec(), vocab, padId, config.seed())) {
      baseParams = trainer.baseParams();
      double[] loss = new double[1];
      Measurement m = monitor.measure("lab/base-train", () -> {
        loss[0] = trainer.train(baseData, config.baseSteps(), config.batchSize(), config.baseLr(),
            every(progress, "base", config.baseSteps()));
        writeWeights(baseDir.resolve("weights.bin"), trainer.export());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
      trainable = trainer.addLora(config.lora());
      m = monitor.measure("lab/sql-lora", () -> {
        loss[0] = trainer.train(sqlData, config.loraSteps(), config.batchSize(), config.loraLr(),
            every(progress, "lora", config.loraSteps()));
        writeWeights(ftDir.resolve("weights.bin"), trainer.export());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
    }
    Measurement q = monitor.measure("lab/quantize", () -> {
      writeModel(writer, baseDir, readWeights(baseDir.resolve("weights.bin")));
      writeModel(writer, ftDir, readWeights(ftDir.resolve("weights.bin")));
    });
    steps.add(step(q, intensity, 0));
    progress.accept(line(steps.get(steps.size() - 1)));

    List<LabVariant> variants = new ArrayList<>();
    for (Variant v : Variant.values()) {
      variants.add(score("lab-base", baseDir, v, false, sql.heldOut(), db, config.threads()));
      variants.add(score("lab-sql-lora", ftDir, v, true, sql.heldOut(), db, config.threads()));
    }
    variants.forEach(v -> progress.accept(String.format(Locale.ROOT, "%-22s execution accuracy %.3f (%d held-out)",
        v.name(), v.executionAccuracy(), sql.heldOut().size())));
    LabReport report = new LabReport(config.hash(), VERSION, dir, baseParams, trainable, config.lora().rank(),
        List.copyOf(new java.util.TreeSet<>(config.lora().targets())), sql.train().size(), sql.heldOut().size(),
        steps, variants, intensity.gramsPerKwh(), intensity.region());
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
    SqlTaskData sql = SqlTaskData.generate(config.seed(), config.heldOutShare());
    List<LabExample> generic = GenericMixture.chat(config.seed() + 1, config.baseItems());
    TinyDecoder writer = TinyDecoder.of(config.spec()).merges(config.merges())
        .tokenizerCorpus(tokenizerCorpus(generic, sql.train(), GenericMixture.sqlText(config.seed() + 2, sql.train())))
        .chatTemplate(CHAT_TEMPLATE);
    Measurement q = monitor.measure("lab/quantize", () -> {
      writeModel(writer, dir.resolve("base"), readWeights(dir.resolve("base").resolve("weights.bin")));
      writeModel(writer, dir.resolve("sql-lora"), readWeights(dir.resolve("sql-lora").resolve("weights.bin")));
    });
    return step(q, intensity, 0);
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
  static TrainingSequence chatSequence(HfTokenizer tok, ChatTemplate template, LabExample e, boolean lossOnPrompt) {
    long[] prompt = tok.encode(template.render(List.of(ChatMessage.user(e.prompt())), true), false);
    long[] answer = tok.encode(e.answer() + "<|im_end|>", false);
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
   * The text the tokenizer's merges are learnt from: every distinct word of the training texts, twice, digits
   * removed (numbers stay single digits, so unseen numbers tokenise like seen ones).
   */
  static String tokenizerCorpus(List<LabExample> generic, List<LabExample> sql, List<String> sqlText) {
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
    sql.forEach(e -> {
      add.accept(e.prompt());
      add.accept(e.answer());
    });
    sqlText.forEach(add);
    String once = " " + String.join(" ", words);
    return once + once;
  }

  /** Execution accuracy of one variant on the held-out questions (greedy, batches of 16). */
  static LabVariant score(String family, Path dir, Variant v, boolean fineTuned, List<LabExample> heldOut, Path db,
      int threads) {
    String q = v.name().toLowerCase(Locale.ROOT);
    SqlExecution exec = SqlExecution.builder().timeout(java.time.Duration.ofSeconds(10)).build();
    int correct = 0;
    StringBuilder log = new StringBuilder();
    try (OnnxCausalLm lm = OnnxCausalLm.load(dir, v.fileName(), threads)) {
      GenerationOptions opts = GenerationOptions.builder().maxNewTokens(48).build();
      for (int i = 0; i < heldOut.size(); i += 16) {
        List<LabExample> chunk = heldOut.subList(i, Math.min(heldOut.size(), i + 16));
        List<List<ChatMessage>> convs = new ArrayList<>();
        chunk.forEach(e -> convs.add(List.of(ChatMessage.user(e.prompt()))));
        List<GenerationResult> out = lm.chatBatch(convs, opts);
        for (int j = 0; j < chunk.size(); j++) {
          String pred = out.get(j).text().trim();
          boolean ok = exec.evaluate(List.of(db), chunk.get(j).answer(), pred).accepted();
          if (ok) {
            correct++;
          }
          JsonObject o = new JsonObject();
          o.addProperty("question", chunk.get(j).prompt());
          o.addProperty("gold", chunk.get(j).answer());
          o.addProperty("predicted", pred);
          o.addProperty("correct", ok);
          log.append(new Gson().toJson(o)).append('\n');
        }
      }
    }
    long bytes;
    try {
      Files.writeString(dir.resolve("predictions-" + q + ".jsonl"), log.toString(), StandardCharsets.UTF_8);
      bytes = Files.size(dir.resolve("onnx").resolve(v.fileName()));
    } catch (IOException e) {
      bytes = 0;
    }
    return new LabVariant(family + "-" + q, dir, v.fileName(), q, fineTuned,
        heldOut.isEmpty() ? 0 : (double) correct / heldOut.size(), bytes);
  }

  private static void writeItems(Path file, List<LabExample> items) {
    try {
      Files.createDirectories(file.getParent());
      StringBuilder b = new StringBuilder();
      for (LabExample e : items) {
        JsonObject o = new JsonObject();
        o.addProperty("task", e.task());
        o.addProperty("question", e.prompt());
        o.addProperty("query", e.answer());
        b.append(new Gson().toJson(o)).append('\n');
      }
      Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
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

  /** CEGI of a report (exposed on {@link LabReport#cegi()}). */
  static CegiResult cegi(String name, double loraCo2eG, double base, double tuned, long trainable) {
    return Cegi.builder().name(name).emissionsGrams(loraCo2eG).base(base).tuned(tuned).trainableParams(trainable)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
  }
}
