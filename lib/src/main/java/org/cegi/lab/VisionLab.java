package org.cegi.lab;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Component;
import org.cegi.internal.Check;
import org.cegi.measure.EnergyMonitor;
import org.cegi.measure.Measurement;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyDecoder.Variant;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.lab.VisionSequence;
import org.cegi.model.lab.VisionTrainer;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.ChatTemplate;
import org.cegi.model.text.HfTokenizer;
import org.cegi.model.vlm.OnnxVisionLm;
import org.cegi.model.vlm.PixelPatches;
import org.cegi.model.vlm.Qwen2VlImageProcessor;
import org.cegi.model.vlm.Qwen2VlPrompt;
import org.cegi.model.vlm.VlmImage;
import org.cegi.tasks.CaptioningTask;
import org.cegi.tasks.ItemScore;
import org.cegi.tasks.Prompt;
import org.cegi.tasks.Task;
import org.cegi.tasks.TaskImage;
import org.cegi.tasks.TaskItem;
import org.cegi.tasks.Tasks;
import org.cegi.tasks.VqaTask;
import org.cegi.tasks.data.Dataset;
import org.cegi.tasks.data.Datasets;

/**
 * The vision half of the Green-AI lab: trains a small Qwen2-VL-style model (the vision encoder and merger of
 * {@link TinyQwen2Vl}, the lab's Qwen2 decoder with M-RoPE) on a seeded generic mixture (text-only chat and an image
 * "inventory" pretext task in a format the tasks never use: the base sees images but not the tasks' prompts), then
 * one LoRA fine-tune per task (captioning, VQA) from the same base, merges each adapter, writes the three models in
 * the Qwen2-VL onnx-community layout with 16-, 8- and 4-bit siblings, scores every variant on held-out scenes
 * (images training never saw) with the tasks' own prompts, answer extraction and metrics (CIDEr-D, VQA accuracy)
 * through {@link OnnxVisionLm}, the calls the run engine's {@code onnx-vl} runtime makes, and measures every
 * training and quantization step in an {@link EnergyMonitor} window ({@code lab/vision-base-train},
 * {@code lab/caption-lora}, {@code lab/vqa-lora}, {@code lab/vision-quantize}). A run lives in
 * {@code <root>/vision-<config hash>/} with its report {@code vision-lab.json} and a run plan that scores the same
 * variants through the run engine; it is reused until the configuration, {@link #VERSION} or the data generator
 * changes, or {@code retrain} is asked.
 *
 * <pre>{@code
 * VisionLab lab = VisionLab.open(Path.of("build/lab"));
 * try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
 *   VisionLabReport r = lab.train(VisionLabConfig.defaults(), monitor, intensity, false, System.out::println);
 *   r.variants();          // base and fine-tuned, fp32/fp16/int8/q4, each with its held-out scores per task
 *   r.cegi("vqa");         // vqa-lora window emissions, base vs fine-tuned exact match, adapter parameters
 *   r.planFile();           // cegi run <plan>: the same variants through the run engine
 * }
 * }</pre>
 */
public final class VisionLab {
  /** Bump when the code changes what is trained: it is part of the folder hash. */
  public static final String VERSION = "vision-lab-1";
  /** The report's file name (not {@code lab.json}: the text lab lists folders holding that). */
  public static final String REPORT = "vision-lab.json";
  /** The user turn of the base model's image pretext task. */
  static final String PRETEXT = "List the shapes as kind=colour pairs.";
  static final int CAPTION_TOKENS = 32;
  static final int VQA_TOKENS = 8;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final Path root;

  private VisionLab(Path root) {
    this.root = root;
  }

  /** A vision lab whose runs live below {@code root} (the main job uses {@code build/lab}). */
  public static VisionLab open(Path root) {
    return new VisionLab(Check.notNull("root", root).toAbsolutePath());
  }

  public Path root() {
    return root;
  }

  /** The folder of a configuration's run. */
  public Path runDir(VisionLabConfig config) {
    return root.resolve("vision-" + config.hash());
  }

  /** The finished run of this configuration, if its report exists. */
  public Optional<VisionLabReport> report(VisionLabConfig config) {
    Path f = runDir(config).resolve(REPORT);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(VisionLabReport.fromJson(JsonParser.parseString(Files.readString(f)).getAsJsonObject(),
          runDir(config)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every finished vision-lab run below the root. */
  public List<VisionLabReport> runs() {
    List<VisionLabReport> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        Path f = d.resolve(REPORT);
        if (Files.isRegularFile(f)) {
          out.add(VisionLabReport.fromJson(JsonParser.parseString(Files.readString(f)).getAsJsonObject(), d));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list vision lab runs in " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The finished runs as one plain-text table each. */
  public String table() {
    StringBuilder b = new StringBuilder();
    for (VisionLabReport r : runs()) {
      b.append(r.table());
    }
    return b.length() == 0 ? "no vision lab runs in " + root + " (cegi lab vision train)\n" : b.toString();
  }

  /** The model writer of a configuration (tokenizer fitted to the lab's texts, the lab's chat template). */
  static TinyQwen2Vl writer(VisionLabConfig config, ShapeScenes scenes, List<LabExample> generic) {
    int pixels = config.imageSize() * config.imageSize();
    int[] m = config.mrope();
    return TinyQwen2Vl.create().spec(config.spec()).visionWidth(config.visionWidth()).mropeSection(m[0], m[1], m[2])
        .merges(config.merges()).minPixels(Math.min(56 * 56, pixels)).maxPixels(pixels)
        .tokenizerCorpus(tokenizerCorpus(scenes, generic)).chatTemplate(Lab.CHAT_TEMPLATE)
        .variants(EnumSet.allOf(Variant.class));
  }

  /**
   * Trains (or reuses) the base and the two fine-tuned models, writes and scores every variant.
   *
   * @param monitor measures the windows {@code lab/vision-base-train}, {@code lab/caption-lora}, {@code lab/vqa-lora},
   *     {@code lab/vision-quantize}
   * @param intensity grid intensity the windows' energy is converted with (PUE 1)
   * @param retrain train even when a finished run of this configuration exists
   * @param progress receives one line per phase
   */
  public VisionLabReport train(VisionLabConfig config, EnergyMonitor monitor, CarbonIntensity intensity,
      boolean retrain, Consumer<String> progress) {
    Check.notNull("config", config);
    Check.notNull("monitor", monitor);
    Check.notNull("intensity", intensity);
    Check.notNull("progress", progress);
    if (!retrain) {
      Optional<VisionLabReport> done = report(config);
      if (done.isPresent()) {
        progress.accept("Reusing the vision lab run " + runDir(config) + " (pass retrain to train again)");
        return done.get();
      }
    }
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(config.threads()));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Path dir = runDir(config);
    deleteTree(dir);
    long t0 = System.nanoTime();
    ShapeScenes scenes = config.scenes();
    List<Path> heldOutFiles = scenes.writeHeldOut(dir.resolve("data"));
    List<LabExample> generic = GenericMixture.chat(config.seed() + 1, config.genericItems());
    TinyQwen2Vl writer = writer(config, scenes, generic);
    Path tokDir = writer.writeTokenizerTo(dir.resolve("tokenizer"));
    int vocab = writer.vocabSize();
    Qwen2VlImageProcessor processor = Qwen2VlImageProcessor.fromFolder(tokDir);
    List<VisionSequence> baseData = new ArrayList<>();
    List<VisionSequence> captionData = new ArrayList<>();
    List<VisionSequence> vqaData = new ArrayList<>();
    int padId;
    long imageId;
    try (HfTokenizer tok = HfTokenizer.load(tokDir)) {
      ChatTemplate template = ChatTemplate.fromModelFolder(tokDir);
      padId = (int) tok.encode("<|endoftext|>", false)[0];
      imageId = tok.encode("<|image_pad|>", false)[0];
      for (LabExample e : generic) {
        baseData.add(sequence(tok, template, List.of(ChatMessage.user(e.prompt())), e.answer(), imageId, null, true));
      }
      Task caption = new CaptioningTask();
      Task vqa = new VqaTask();
      TaskImage none = new TaskImage("training scene", new byte[] {0});
      for (ShapeScenes.Scene s : scenes.train()) {
        PixelPatches p = processor.preprocess(VlmImage.of(scenes.draw(s), s.id()));
        baseData.add(sequence(tok, template, List.of(Qwen2VlPrompt.userWithImage(PRETEXT)),
            ShapeScenes.inventory(s), imageId, p, false));
        List<ChatMessage> capPrompt = messages(caption.prompt(new TaskItem.Caption(s.id(), none,
            ShapeScenes.captions(s))));
        for (String ref : ShapeScenes.captions(s)) {
          captionData.add(sequence(tok, template, capPrompt, ref, imageId, p, false));
        }
        for (ShapeScenes.Question q : ShapeScenes.questions(s)) {
          List<ChatMessage> qp = messages(vqa.prompt(new TaskItem.Vqa(s.id(), none, q.question(), q.answer(),
              q.answers())));
          vqaData.add(sequence(tok, template, qp, q.answer(), imageId, p, false));
        }
      }
    }
    progress.accept(String.format(Locale.ROOT, "Data: %d base sequences (%d generic chat, %d image inventories), %d"
        + " caption and %d VQA training sequences from %d scenes, %d held-out scenes, %dx%d pixels, vocabulary %d"
        + " (%.1f s)", baseData.size(), generic.size(), scenes.train().size(), captionData.size(), vqaData.size(),
        scenes.train().size(), scenes.heldOut().size(), config.imageSize(), config.imageSize(), vocab,
        (System.nanoTime() - t0) / 1e9));

    List<LabStep> steps = new ArrayList<>();
    Path baseDir = dir.resolve("base");
    Path capDir = dir.resolve("caption-lora");
    Path vqaDir = dir.resolve("vqa-lora");
    long baseParams;
    long trainable;
    int threadsBefore = VisionTrainer.threads(config.threads());
    try (VisionTrainer trainer = new VisionTrainer(config.spec(), vocab, padId, imageId, config.visionWidth(),
        config.mrope(), config.seed())) {
      baseParams = trainer.baseParams();
      double[] loss = new double[1];
      Measurement m = monitor.measure("lab/vision-base-train", () -> {
        loss[0] = trainer.train(baseData, config.baseSteps(), config.batchSize(), config.baseLr(),
            every(progress, "base", config.baseSteps()));
        writeWeights(baseDir.resolve("weights.bin"), trainer.exportDecoder(), trainer.exportVision());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
      trainable = trainer.addLora(config.lora());
      m = monitor.measure("lab/caption-lora", () -> {
        loss[0] = trainer.train(captionData, config.loraSteps(), config.batchSize(), config.loraLr(),
            every(progress, "caption lora", config.loraSteps()));
        writeWeights(capDir.resolve("weights.bin"), trainer.exportDecoder(), trainer.exportVision());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
      trainer.dropLora();
      m = monitor.measure("lab/vqa-lora", () -> {
        trainer.addLora(config.lora());
        loss[0] = trainer.train(vqaData, config.loraSteps(), config.batchSize(), config.loraLr(),
            every(progress, "vqa lora", config.loraSteps()));
        writeWeights(vqaDir.resolve("weights.bin"), trainer.exportDecoder(), trainer.exportVision());
      });
      steps.add(step(m, intensity, loss[0]));
      progress.accept(line(steps.get(steps.size() - 1)));
    } finally {
      VisionTrainer.threads(threadsBefore);
    }
    steps.add(quantizeStep(writer, List.of(baseDir, capDir, vqaDir), monitor, intensity));
    progress.accept(line(steps.get(steps.size() - 1)));

    Dataset capSet = Datasets.load("captioning", heldOutFiles.get(0), "");
    Dataset vqaSet = Datasets.load("vqa", heldOutFiles.get(1), "");
    List<VisionLabVariant> variants = new ArrayList<>();
    for (Variant v : Variant.values()) {
      variants.add(score("vlab-base", baseDir, v, false, capSet, config.threads()));
      variants.add(score("vlab-base", baseDir, v, false, vqaSet, config.threads()));
      variants.add(score("vlab-caption-lora", capDir, v, true, capSet, config.threads()));
      variants.add(score("vlab-vqa-lora", vqaDir, v, true, vqaSet, config.threads()));
    }
    variants.forEach(v -> {
      StringBuilder sc = new StringBuilder();
      v.scores().forEach((k, x) -> sc.append(String.format(Locale.ROOT, " %s %.3f", k, x)));
      progress.accept(String.format(Locale.ROOT, "%-24s %-10s%s (%d held-out items)", v.name(), v.task(), sc,
          v.items()));
    });
    VisionLabReport report = new VisionLabReport(config.hash(), VERSION, dir, baseParams, trainable,
        config.lora().rank(), List.copyOf(new java.util.TreeSet<>(config.lora().targets())), scenes.train().size(),
        scenes.heldOut().size(), steps, variants, intensity.gramsPerKwh(), intensity.region());
    try {
      Files.writeString(dir.resolve(VisionLabReport.PLAN), plan(report, capSet, vqaSet, config.threads()),
          StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(REPORT), GSON.toJson(report.toJson()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the vision lab report in " + dir + ": " + e.getMessage(), e);
    }
    return report;
  }

  /**
   * Rewrites the 16-, 8- and 4-bit siblings of a finished run's three models from their saved weights, in a measured
   * window {@code lab/vision-quantize}; returns the window's step.
   */
  public LabStep quantize(VisionLabConfig config, EnergyMonitor monitor, CarbonIntensity intensity) {
    Path dir = runDir(config);
    if (!Files.isRegularFile(dir.resolve(REPORT))) {
      throw new IllegalStateException("No finished vision lab run in " + dir + ": train it first (cegi lab vision"
          + " train)");
    }
    ShapeScenes scenes = config.scenes();
    TinyQwen2Vl writer = writer(config, scenes, GenericMixture.chat(config.seed() + 1, config.genericItems()));
    return quantizeStep(writer, List.of(dir.resolve("base"), dir.resolve("caption-lora"), dir.resolve("vqa-lora")),
        monitor, intensity);
  }

  private static LabStep quantizeStep(TinyQwen2Vl writer, List<Path> dirs, EnergyMonitor monitor,
      CarbonIntensity intensity) {
    Measurement q = monitor.measure("lab/vision-quantize", () -> {
      for (Path d : dirs) {
        Object[] w = readWeights(d.resolve("weights.bin"));
        writer.weights((TinyDecoder.Weights) w[0], (TinyQwen2Vl.VisionWeights) w[1]).writeTo(d);
      }
    });
    return step(q, intensity, 0);
  }

  /** The messages the run engine sends for a task prompt (the image goes with the user turn). */
  static List<ChatMessage> messages(Prompt p) {
    List<ChatMessage> out = new ArrayList<>(p.messages());
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).role().equals("user")) {
        out.set(i, Qwen2VlPrompt.userWithImage(out.get(i).content()));
        return out;
      }
    }
    throw new IllegalStateException("a task prompt without a user turn: " + p.messages());
  }

  private static VisionSequence sequence(HfTokenizer tok, ChatTemplate template, List<ChatMessage> messages,
      String answer, long imageId, PixelPatches image, boolean lossOnPrompt) {
    long[] prompt = tok.encode(template.render(messages, true), false);
    long[] reply = tok.encode(answer + "<|im_end|>", false);
    return VisionSequence.of(prompt, reply, imageId, image, lossOnPrompt);
  }

  /**
   * Scores one variant on a held-out set as the run engine does: the task's prompt, {@link OnnxVisionLm#chatMixed}
   * greedy in batches of 16, the task's answer extraction, per-item scores and set-level scores.
   */
  static VisionLabVariant score(String family, Path dir, Variant v, boolean fineTuned, Dataset data, int threads) {
    Task task = Tasks.named(data.task());
    String q = v.name().toLowerCase(Locale.ROOT);
    String suffix = q.equals("fp32") ? "" : "_" + q;
    GenerationOptions opts = GenerationOptions.builder()
        .maxNewTokens(task.name().equals("captioning") ? CAPTION_TOKENS : VQA_TOKENS).build();
    List<String> answers = new ArrayList<>();
    List<List<String>> refs = new ArrayList<>();
    List<ItemScore> perItem = new ArrayList<>();
    StringBuilder log = new StringBuilder();
    Gson gson = new Gson();
    try (OnnxVisionLm vlm = OnnxVisionLm.load(dir, suffix, threads)) {
      List<TaskItem> items = data.items();
      for (int i = 0; i < items.size(); i += 16) {
        List<TaskItem> chunk = items.subList(i, Math.min(items.size(), i + 16));
        List<List<ChatMessage>> convs = new ArrayList<>();
        List<List<VlmImage>> images = new ArrayList<>();
        for (TaskItem item : chunk) {
          Prompt p = task.prompt(item);
          convs.add(p.messages());
          images.add(p.image().map(im -> List.of(VlmImage.of(im.decode(), im.source()))).orElse(List.of()));
        }
        List<GenerationResult> out = vlm.chatMixed(convs, images, opts);
        for (int j = 0; j < chunk.size(); j++) {
          String answer = task.extract(out.get(j).text());
          ItemScore s = task.score(chunk.get(j), answer);
          answers.add(answer);
          refs.add(task.references(chunk.get(j)));
          perItem.add(s);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", chunk.get(j).id());
          row.put("output", out.get(j).text());
          row.put("answer", answer);
          row.put("references", task.references(chunk.get(j)));
          row.put("scores", s.values());
          log.append(gson.toJson(row)).append('\n');
        }
      }
    }
    Map<String, Double> scores = new LinkedHashMap<>(task.corpusScores(answers, refs, perItem));
    long bytes;
    try {
      Files.writeString(dir.resolve("predictions-" + task.name() + "-" + q + ".jsonl"), log.toString(),
          StandardCharsets.UTF_8);
      bytes = Files.size(dir.resolve("onnx").resolve(TinyQwen2Vl.fileName("decoder_model_merged", v)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the predictions of " + dir + ": " + e.getMessage(), e);
    }
    return new VisionLabVariant(family + "-" + q, dir, q, fineTuned, task.name(), scores, answers.size(), bytes);
  }

  /** The run plan that scores every variant on its tasks' held-out files through the run engine. */
  static String plan(VisionLabReport r, Dataset cap, Dataset vqa, int threads) {
    StringBuilder b = new StringBuilder();
    b.append("# Vision lab run ").append(r.configHash()).append(": every variant on the held-out scenes, through the"
        + " run engine (cegi run <this file>).\n");
    b.append("name: vision-lab-").append(r.configHash()).append('\n');
    b.append("description: vision lab variants on held-out shape scenes (captioning, vqa)\n");
    b.append("seed: 42\nregion: world\npue: 1.0\nidle_baseline_s: 0\nwarmup_requests: 1\nrepeats: 1\n"
        + "batch_size: 16\nshuffle_variants: false\nmeasure_prefill: true\n");
    b.append("output: ").append(quote(r.dir().resolve("runs").toString())).append('\n');
    b.append("generation: {max_new_tokens: ").append(CAPTION_TOKENS).append(", sample: false}\n");
    b.append("variants:\n");
    Set<String> seen = new LinkedHashSet<>();
    for (VisionLabVariant v : r.variants()) {
      if (!seen.add(v.name())) {
        continue;
      }
      String tasks = v.name().startsWith("vlab-base") ? "[captioning, vqa]"
          : v.name().startsWith("vlab-caption") ? "[captioning]" : "[vqa]";
      b.append("  - {name: ").append(v.name()).append(", path: ").append(quote(v.dir().toString()))
          .append(", quantization: ").append(v.quantization()).append(", runtime: onnx-vl, threads: ").append(threads)
          .append(", tasks: ").append(tasks).append("}\n");
    }
    b.append("tasks:\n");
    b.append("  - {task: captioning, source: ").append(quote(r.dir().resolve("data").resolve(ShapeScenes.CAPTION_FILE)
        .toString())).append(", samples: ").append(cap.size()).append("}\n");
    b.append("  - {task: vqa, source: ").append(quote(r.dir().resolve("data").resolve(ShapeScenes.VQA_FILE)
        .toString())).append(", samples: ").append(vqa.size()).append("}\n");
    return b.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Every distinct word of the lab's texts (task prompts, captions, questions, answers, chat), twice. */
  static String tokenizerCorpus(ShapeScenes scenes, List<LabExample> generic) {
    Set<String> words = new LinkedHashSet<>();
    Consumer<String> add = s -> {
      for (String w : s.replaceAll("[0-9]", " ").split("\\s+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    };
    add.accept(CaptioningTask.SYSTEM + " " + CaptioningTask.USER + " " + VqaTask.SYSTEM + " " + PRETEXT
        + " Question: Answer with a single word or a short phrase. system user assistant");
    for (ShapeScenes.Scene s : scenes.train()) {
      ShapeScenes.captions(s).forEach(add);
      ShapeScenes.questions(s).forEach(q -> add.accept(q.question() + " " + q.answer() + " "
          + String.join(" ", q.answers())));
      add.accept(ShapeScenes.inventory(s).replace(";", " ; ").replace("=", " = "));
    }
    generic.forEach(e -> {
      add.accept(e.prompt());
      add.accept(e.answer());
    });
    String once = " " + String.join(" ", words);
    return once + once;
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
        Double.isFinite(loss) ? loss : 0);
  }

  /** Decoder then vision weights as a flat float file: array count, then each array length-prefixed. */
  static void writeWeights(Path file, TinyDecoder.Weights decoder, TinyQwen2Vl.VisionWeights vision) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
        for (List<float[]> arrays : List.of(decoder.arrays(), vision.arrays())) {
          out.writeInt(arrays.size());
          for (float[] a : arrays) {
            out.writeInt(a.length);
            for (float f : a) {
              out.writeFloat(f);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write weights " + file + ": " + e.getMessage(), e);
    }
  }

  /** The inverse of {@link #writeWeights}: {decoder, vision}. */
  static Object[] readWeights(Path file) {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      List<List<float[]>> parts = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        int n = in.readInt();
        List<float[]> arrays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          float[] a = new float[in.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = in.readFloat();
          }
          arrays.add(a);
        }
        parts.add(arrays);
      }
      return new Object[] {TinyDecoder.Weights.fromArrays(parts.get(0)),
          TinyQwen2Vl.VisionWeights.fromArrays(parts.get(1))};
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read weights " + file + ": " + e.getMessage()
          + ". Retrain (cegi lab vision train --retrain).", e);
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
}
