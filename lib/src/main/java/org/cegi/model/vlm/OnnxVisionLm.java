package org.cegi.model.vlm;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cegi.internal.Check;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.ModelConfig;
import org.cegi.model.Quantization;
import org.cegi.model.onnx.Device;
import org.cegi.model.onnx.GenerationLoop;
import org.cegi.model.onnx.OnnxDecoder;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.text.ChatTemplate;
import org.cegi.model.text.HfTokenizer;

/**
 * A Qwen2-VL-family model folder in the layout of Hugging Face's onnx-community exports, ready to answer about images:
 * {@code onnx/vision_encoder*.onnx} ({@code pixel_values} [patches, 1176], {@code grid_thw} [images, 3] →
 * {@code image_features} [patches / 4, hidden]), {@code onnx/embed_tokens*.onnx} ({@code input_ids} →
 * {@code inputs_embeds}), {@code onnx/decoder_model_merged*.onnx} ({@code inputs_embeds}, {@code attention_mask},
 * {@code position_ids} [3, batch, seq], {@code past_key_values.N.key/value} → {@code logits},
 * {@code present.N.key/value}), {@code config.json}, {@code preprocessor_config.json}, {@code tokenizer.json},
 * {@code tokenizer_config.json}. Images are preprocessed by {@link Qwen2VlImageProcessor}, each
 * {@code <|image_pad|>} is expanded to the image's merged patches, whose rows of {@code inputs_embeds} are replaced by
 * the encoder's features; positions are {@link MropePositions}. Generation runs the text runtime's
 * {@link GenerationLoop} (sampling, stop rules, per-request figures; engine time covers all three sessions). One
 * request at a time: an instance is not thread-safe.
 *
 * <pre>{@code
 * try (OnnxVisionLm vlm = OnnxVisionLm.load(Path.of("tiny-qwen2-vl"))) {
 *   GenerationResult r = vlm.chat(List.of(ChatMessage.user("What is in the picture?")),
 *       VlmImage.fromFile(Path.of("cat.png")), GenerationOptions.builder().maxNewTokens(16).build());
 *   r.text(); r.stats().timeToFirstTokenS(); r.stats().outsideEngineShare();
 * }
 * }</pre>
 */
public final class OnnxVisionLm implements VisionLanguageModel {
  private final Path dir;
  private final ModelConfig config;
  private final HfTokenizer tokenizer;
  private final Qwen2VlImageProcessor processor;
  private final OrtEnvironment env;
  private final OrtSession vision;
  private final OrtSession embed;
  private final OnnxDecoder decoder;
  private final long imageTokenId;
  private final String gridName;
  private final boolean halfPixels;
  private long auxEngineNanos;
  private long preprocessNanos;
  private ChatTemplate chatTemplate;

  private OnnxVisionLm(Path dir, ModelConfig config, HfTokenizer tokenizer, Qwen2VlImageProcessor processor,
      OrtEnvironment env, OrtSession vision, OrtSession embed, OnnxDecoder decoder, long imageTokenId,
      String gridName) {
    this.dir = dir;
    this.config = config;
    this.tokenizer = tokenizer;
    this.processor = processor;
    this.env = env;
    this.vision = vision;
    this.embed = embed;
    this.decoder = decoder;
    this.imageTokenId = imageTokenId;
    this.gridName = gridName;
    this.halfPixels = inputType(vision, "pixel_values") == OnnxJavaType.FLOAT16;
  }

  private static OnnxJavaType inputType(OrtSession s, String name) {
    try {
      return ((TensorInfo) s.getInputInfo().get(name).getInfo()).type;
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot read the inputs of an ONNX session: " + e.getMessage(), e);
    }
  }

  /** Loads the float32 files with as many threads as the machine has cores. */
  public static OnnxVisionLm load(Path dir) {
    return load(dir, "", Runtime.getRuntime().availableProcessors());
  }

  /** Loads the files of one encoding ({@code decoder_model_merged_q4.onnx} … for {@link Quantization#Q4}). */
  public static OnnxVisionLm load(Path dir, Quantization quantization, int threads) {
    return load(dir, quantization, threads, Device.CPU);
  }

  /**
   * Loads the files of one encoding onto a device: {@link Device#CUDA} runs the three sessions on ONNX Runtime's CUDA
   * execution provider and fails, saying what is missing, where it cannot (never a silent CPU fallback).
   */
  public static OnnxVisionLm load(Path dir, Quantization quantization, int threads, Device device) {
    String f = Check.notNull("quantization", quantization).onnxFile();
    return load(dir, f.substring("model".length(), f.length() - ".onnx".length()), threads, device);
  }

  /**
   * Loads a model folder.
   *
   * @param suffix the file-name suffix of the encoding: {@code ""} (float32), {@code "_fp16"}, {@code "_q4"}, …
   * @param threads ONNX Runtime intra-op threads of each session
   */
  public static OnnxVisionLm load(Path dir, String suffix, int threads) {
    return load(dir, suffix, threads, Device.CPU);
  }

  /**
   * Loads a model folder onto a device.
   *
   * @param suffix the file-name suffix of the encoding: {@code ""} (float32), {@code "_fp16"}, {@code "_q4"}, …
   * @param threads ONNX Runtime intra-op threads of each session
   * @param device {@link Device#CPU}, or {@link Device#CUDA} (fails naming what is missing where it cannot run)
   */
  public static OnnxVisionLm load(Path dir, String suffix, int threads, Device device) {
    Check.notNull("suffix", suffix);
    Check.notNull("device", device);
    Check.positive("threads", threads);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Model folder " + dir + " does not exist: write one with"
          + " `cegi fixtures tiny-qwen2-vl " + dir + "` or download a Qwen2-VL model in the onnx-community layout.");
    }
    JsonObject raw = ModelConfig.readJson(dir.resolve("config.json"));
    if (!raw.has("image_token_id") || !raw.has("vision_config")) {
      throw new IllegalArgumentException(dir.resolve("config.json") + " has no image_token_id/vision_config: "
          + dir + " is not a vision-language model (model_type "
          + (raw.has("model_type") ? raw.get("model_type").getAsString() : "?") + "); use OnnxCausalLm for text models.");
    }
    long imageToken = raw.get("image_token_id").getAsLong();
    ModelConfig config = ModelConfig.read(dir);
    Qwen2VlImageProcessor processor = Qwen2VlImageProcessor.fromFolder(dir);
    JsonObject vc = raw.getAsJsonObject("vision_config");
    if (vc.has("spatial_merge_size") && vc.get("spatial_merge_size").getAsInt() != processor.mergeSize()) {
      throw new IllegalArgumentException(dir + ": config.json's vision_config.spatial_merge_size="
          + vc.get("spatial_merge_size").getAsInt() + " but preprocessor_config.json's merge_size="
          + processor.mergeSize() + "; the two files belong to different models.");
    }
    Path onnx = dir.resolve("onnx");
    HfTokenizer tok = HfTokenizer.load(dir);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      OrtEnvironment env = OnnxDecoder.environment();
      OrtSession vision = session(env, onnx.resolve("vision_encoder" + suffix + ".onnx"), threads, device);
      opened.add(vision);
      String grid = requireIo(vision, Set.of("pixel_values"), "image_features");
      OrtSession embed = session(env, onnx.resolve("embed_tokens" + suffix + ".onnx"), threads, device);
      opened.add(embed);
      requireIo(embed, Set.of("input_ids"), "inputs_embeds");
      OnnxDecoder dec = OnnxDecoder.open(onnx.resolve("decoder_model_merged" + suffix + ".onnx"), config, threads,
          device);
      opened.add(dec);
      if (!dec.takesEmbeddings() || dec.positionAxes() != 3) {
        throw new IllegalArgumentException(dec.file() + " does not take inputs_embeds and position_ids [3, batch,"
            + " seq]: not a Qwen2-VL merged decoder.");
      }
      return new OnnxVisionLm(dir, config, tok, processor, env, vision, embed, dec, imageToken, grid);
    } catch (RuntimeException e) {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing
        }
      }
      tok.close();
      throw e;
    }
  }

  private static OrtSession session(OrtEnvironment env, Path file, int threads, Device device) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Missing ONNX file " + file + ": a Qwen2-VL folder needs"
          + " onnx/vision_encoder, onnx/embed_tokens and onnx/decoder_model_merged with the same suffix"
          + " (download them, or pick a quantization whose three files exist).");
    }
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      device.apply(o, file);
      return env.createSession(file.toString(), o);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load " + file + ": " + e.getMessage()
          + ". Is the file complete?", e);
    }
  }

  /** Checks inputs/outputs; returns the name of the grid input ({@code grid_thw} or {@code image_grid_thw}). */
  private static String requireIo(OrtSession s, Set<String> inputs, String output) {
    try {
      Map<String, NodeInfo> in = s.getInputInfo();
      for (String name : inputs) {
        if (!in.containsKey(name)) {
          throw new IllegalArgumentException("ONNX graph with inputs " + in.keySet() + " lacks input " + name
              + ": not the onnx-community Qwen2-VL layout.");
        }
      }
      if (!s.getOutputInfo().containsKey(output)) {
        throw new IllegalArgumentException("ONNX graph with outputs " + s.getOutputInfo().keySet() + " lacks output "
            + output + ": not the onnx-community Qwen2-VL layout.");
      }
      return in.containsKey("image_grid_thw") ? "image_grid_thw" : "grid_thw";
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot read the inputs of an ONNX session: " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public ModelConfig config() {
    return config;
  }

  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  public Qwen2VlImageProcessor processor() {
    return processor;
  }

  /** The merged decoder's session (for tests and benchmarks). */
  public OnnxDecoder decoder() {
    return decoder;
  }

  /** The id of {@code <|image_pad|>}. */
  public long imageTokenId() {
    return imageTokenId;
  }

  /** Total time inside the three sessions' calls since loading, in ns. */
  public long engineNanos() {
    return decoder.engineNanos() + auxEngineNanos;
  }

  /** Total time spent loading and preprocessing images since loading, in ns. */
  public long preprocessNanos() {
    return preprocessNanos;
  }

  /**
   * Replies to conversations about images. A conversation without {@link Qwen2VlPrompt#IMAGE_PLACEHOLDER} gets it at
   * the start of its first user turn (where Qwen2-VL's template puts an image part given before the text).
   */
  @Override
  public List<GenerationResult> chatBatch(List<List<ChatMessage>> conversations, List<VlmImage> images,
      GenerationOptions options) {
    Check.noNulls("images", images);
    List<List<VlmImage>> perRow = new ArrayList<>();
    for (VlmImage i : images) {
      perRow.add(List.of(i));
    }
    return chatMixed(conversations, perRow, options);
  }

  /**
   * Replies to a batch in which some conversations have an image and others have none (a vision-language model
   * answers text-only prompts too): {@code images.get(r)} holds conversation r's image, or nothing. A conversation
   * with an image but without {@link Qwen2VlPrompt#IMAGE_PLACEHOLDER} gets it at the start of its first user turn.
   */
  public List<GenerationResult> chatMixed(List<List<ChatMessage>> conversations, List<List<VlmImage>> images,
      GenerationOptions options) {
    return chatMixed(conversations, images, options, GenerationListener.NONE);
  }

  /**
   * As {@link #chatMixed(List, List, GenerationOptions)}, telling {@code listener} when the prompt pass (image
   * preprocessing and vision encoder included) has chosen the first token of every row.
   */
  public List<GenerationResult> chatMixed(List<List<ChatMessage>> conversations, List<List<VlmImage>> images,
      GenerationOptions options, GenerationListener listener) {
    long start = System.nanoTime();
    Check.notNull("listener", listener);
    Check.noNulls("conversations", conversations);
    Check.noNulls("images", images);
    if (conversations.size() != images.size()) {
      throw new IllegalArgumentException(conversations.size() + " conversations but " + images.size()
          + " image lists: give one (possibly empty) image list per conversation.");
    }
    if (chatTemplate == null) {
      chatTemplate = ChatTemplate.fromModelFolder(dir);
    }
    List<String> prompts = new ArrayList<>();
    for (int r = 0; r < conversations.size(); r++) {
      List<ChatMessage> c = conversations.get(r);
      prompts.add(chatTemplate.render(images.get(r).isEmpty() ? c : withPlaceholder(c), true));
    }
    return generate(prompts, images, options, false, start, listener);
  }

  /** The model's chat template rendered with the generation prompt (package-private for tests). */
  String chatTemplateForTest(List<ChatMessage> messages) {
    if (chatTemplate == null) {
      chatTemplate = ChatTemplate.fromModelFolder(dir);
    }
    return chatTemplate.render(messages, true);
  }

  private static List<ChatMessage> withPlaceholder(List<ChatMessage> c) {
    for (ChatMessage m : c) {
      if (m.content().contains(Qwen2VlPrompt.IMAGE_PLACEHOLDER)) {
        return c;
      }
    }
    List<ChatMessage> out = new ArrayList<>(c);
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).role().equals("user")) {
        out.set(i, Qwen2VlPrompt.userWithImage(out.get(i).content()));
        return out;
      }
    }
    throw new IllegalArgumentException("The conversation has no user turn to attach the image to: add"
        + " ChatMessage.user(\"…\").");
  }

  /**
   * Generates for raw prompts (already in the model's prompt format) with one {@code <|image_pad|>} per image, as
   * one left-padded batch; {@code images.get(r)} are row {@code r}'s images in prompt order (may be empty).
   */
  public List<GenerationResult> generate(List<String> prompts, List<List<VlmImage>> images,
      GenerationOptions options) {
    return generate(prompts, images, options, options.addSpecialTokens(), System.nanoTime(),
        GenerationListener.NONE);
  }

  private List<GenerationResult> generate(List<String> prompts, List<List<VlmImage>> images,
      GenerationOptions options, boolean special, long start, GenerationListener listener) {
    Check.noNulls("prompts", prompts);
    Check.notNull("options", options);
    if (prompts.isEmpty() || prompts.size() != images.size()) {
      throw new IllegalArgumentException(prompts.size() + " prompts and " + images.size()
          + " image lists: give one (possibly empty) image list per prompt, and at least one prompt.");
    }
    long t0 = System.nanoTime();
    List<List<PixelPatches>> pixels = new ArrayList<>();
    for (List<VlmImage> row : images) {
      List<PixelPatches> p = new ArrayList<>();
      for (VlmImage i : row) {
        p.add(processor.preprocess(i));
      }
      pixels.add(p);
    }
    preprocessNanos += System.nanoTime() - t0;
    List<long[]> ids = new ArrayList<>();
    for (String p : prompts) {
      ids.add(tokenizer.encode(p, special));
    }
    return generateIds(ids, pixels, options, start, listener);
  }

  /** Generates from token ids with one (unexpanded) image-pad token per preprocessed image. */
  public List<GenerationResult> generateIds(List<long[]> prompts, List<List<PixelPatches>> images,
      GenerationOptions options) {
    return generateIds(prompts, images, options, System.nanoTime(), GenerationListener.NONE);
  }

  /**
   * The decoder's inputs for the prompt pass of a batch, as {@link #generateIds} builds them: left-padded
   * {@code inputs_embeds} with the image features in place of the image-pad tokens, the attention mask, the 3-axis
   * positions and the position each row continues at. For tests and benchmarks; arrays are not copied.
   *
   * @param embeds {@code [batch, sequence, hidden]} row-major
   * @param ids the expanded, left-padded token ids {@code [batch][sequence]}
   * @param mask {@code [batch][sequence]}
   * @param positions {@code [3][batch][sequence]}
   * @param nextPositions position (on all three axes) of each row's next token
   * @param promptTokens expanded prompt length of each row
   */
  public record Inputs(float[] embeds, long[][] ids, long[][] mask, long[][][] positions, long[] nextPositions,
      int[] promptTokens) {
    public Inputs {
      Check.notNull("embeds", embeds);
      Check.notNull("ids", ids);
      Check.notNull("mask", mask);
      Check.notNull("positions", positions);
      Check.notNull("nextPositions", nextPositions);
      Check.notNull("promptTokens", promptTokens);
    }

    public int batch() {
      return ids.length;
    }
  }

  /** Builds the prompt pass's inputs (runs the vision encoder and embed_tokens). */
  public Inputs prepare(List<long[]> prompts, List<List<PixelPatches>> images) {
    int b = prompts.size();
    if (b == 0 || images.size() != b) {
      throw new IllegalArgumentException(b + " prompts and " + images.size() + " image lists: give one per prompt.");
    }
    int h = config.hiddenSize();
    List<long[]> expanded = new ArrayList<>();
    List<MropePositions> positions = new ArrayList<>();
    int len = 0;
    for (int r = 0; r < b; r++) {
      long[] e = Qwen2VlPrompt.expandImageTokens(prompts.get(r), imageTokenId, images.get(r));
      if (e.length == 0) {
        throw new IllegalArgumentException("A prompt encoded to zero tokens: give some text.");
      }
      expanded.add(e);
      positions.add(MropePositions.of(e, imageTokenId, images.get(r)));
      len = Math.max(len, e.length);
    }
    long pad = config.padTokenId();
    long[][] ids = new long[b][len];
    long[][] mask = new long[b][len];
    long[][][] pos = new long[3][b][len];
    long[] nextPos = new long[b];
    int[] promptTokens = new int[b];
    for (int r = 0; r < b; r++) {
      long[] e = expanded.get(r);
      int off = len - e.length;
      Arrays.fill(ids[r], 0, off, pad);
      long[][] axes = positions.get(r).axes();
      for (int a = 0; a < 3; a++) {
        Arrays.fill(pos[a][r], 0, off, 1);
        System.arraycopy(axes[a], 0, pos[a][r], off, e.length);
      }
      for (int i = 0; i < e.length; i++) {
        ids[r][off + i] = e[i];
        mask[r][off + i] = 1;
      }
      nextPos[r] = e.length + positions.get(r).ropeDelta();
      promptTokens[r] = e.length;
    }
    float[] embeds = embed(ids);
    for (int r = 0; r < b; r++) {
      int at = len - expanded.get(r).length;
      for (PixelPatches p : images.get(r)) {
        float[] feats = encode(p);
        while (ids[r][at] != imageTokenId) {
          at++;
        }
        int n = p.mergedTokens();
        if (feats.length != n * h) {
          throw new IllegalStateException("The vision encoder returned " + feats.length / h + " features for an image"
              + " of " + n + " merged patches (grid " + Arrays.toString(p.gridThw()) + ").");
        }
        System.arraycopy(feats, 0, embeds, (r * len + at) * h, n * h);
        at += n;
      }
    }
    return new Inputs(embeds, ids, mask, pos, nextPos, promptTokens);
  }

  /** Embeddings of token ids ({@code embed_tokens}): {@code [batch * seq * hidden]}. */
  public float[] embedTokens(long[][] ids) {
    return embed(ids);
  }

  private List<GenerationResult> generateIds(List<long[]> prompts, List<List<PixelPatches>> images,
      GenerationOptions options, long start, GenerationListener listener) {
    Check.notNull("options", options);
    long engineBefore = engineNanos();
    Inputs in = prepare(prompts, images);
    int b = in.batch();
    long[] nextPos = in.nextPositions().clone();
    GenerationLoop.Feed feed = new GenerationLoop.Feed() {
      @Override
      public OnnxDecoder.Step prefill(OnnxDecoder.Cache empty) {
        return decoder.forwardEmbeds(in.embeds(), b, in.mask(), in.positions(), empty);
      }

      @Override
      public OnnxDecoder.Step next(long[][] tokens, long[][] grownMask, OnnxDecoder.Cache past) {
        long[][][] p = new long[3][b][1];
        for (int r = 0; r < b; r++) {
          p[0][r][0] = nextPos[r];
          p[1][r][0] = nextPos[r];
          p[2][r][0] = nextPos[r]++;
        }
        return decoder.forwardEmbeds(embed(tokens), b, grownMask, p, past);
      }
    };
    return GenerationLoop.run(decoder, tokenizer, config, in.promptTokens(), in.mask(), feed, options, start,
        this::engineNanos, engineBefore, listener);
  }

  /** Runs embed_tokens: ids [batch][seq] → [batch * seq * hidden]. */
  private float[] embed(long[][] ids) {
    int b = ids.length;
    int s = ids[0].length;
    LongBuffer buf = LongBuffer.allocate(b * s);
    for (long[] row : ids) {
      buf.put(row);
    }
    buf.flip();
    try (OnnxTensor t = OnnxTensor.createTensor(env, buf, new long[] {b, s})) {
      long t0 = System.nanoTime();
      try (OrtSession.Result r = embed.run(Map.of("input_ids", t))) {
        auxEngineNanos += System.nanoTime() - t0;
        return floats((OnnxTensor) r.get(0));
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on embed_tokens of " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Runs the vision encoder on one image: [mergedTokens * hidden]. */
  private float[] encode(PixelPatches p) {
    long[] shape = {p.rows(), p.rowWidth()};
    try (OnnxTensor px = halfPixels
            ? OnnxTensor.createTensor(env, Fp16Conversions.convertFloatBufferToFp16Buffer(FloatBuffer.wrap(p.values())),
                shape, OnnxJavaType.FLOAT16)
            : OnnxTensor.createTensor(env, FloatBuffer.wrap(p.values()), shape);
        OnnxTensor grid = OnnxTensor.createTensor(env, LongBuffer.wrap(p.gridThw()), new long[] {1, 3})) {
      long t0 = System.nanoTime();
      try (OrtSession.Result r = vision.run(Map.of("pixel_values", px, gridName, grid))) {
        auxEngineNanos += System.nanoTime() - t0;
        return floats((OnnxTensor) r.get("image_features").orElseThrow());
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on the vision encoder of " + dir + " (grid "
          + Arrays.toString(p.gridThw()) + "): " + e.getMessage(), e);
    }
  }

  private static float[] floats(OnnxTensor t) {
    if (t.getInfo().type == OnnxJavaType.FLOAT16) {
      FloatBuffer fb = Fp16Conversions.convertFp16BufferToFloatBuffer(t.getShortBuffer());
      float[] out = new float[fb.remaining()];
      fb.get(out);
      return out;
    }
    FloatBuffer fb = t.getFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  @Override
  public void close() {
    try {
      decoder.close();
      vision.close();
      embed.close();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot close the ONNX Runtime sessions of " + dir + ": " + e.getMessage(), e);
    } finally {
      tokenizer.close();
    }
  }
}
