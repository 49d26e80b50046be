package org.cegi.model.onnx;

import ai.djl.engine.Engine;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cegi.internal.Check;
import org.cegi.model.ModelConfig;

/**
 * One decoder-only ONNX graph in the optimum / transformers.js layout on an ONNX Runtime session: a forward pass
 * over token ids, attention mask, position ids and a key/value cache. {@link OnnxCausalLm} drives it; tests and
 * benchmarks may call it directly.
 *
 * <pre>{@code
 * try (OnnxDecoder dec = OnnxDecoder.open(dir.resolve("onnx/model.onnx"), ModelConfig.read(dir), 2);
 *      OnnxDecoder.Cache empty = dec.emptyCache(1);
 *      OnnxDecoder.Step step = dec.forward(new long[][] {{1, 2, 3}}, new long[][] {{1, 1, 1}},
 *          new long[][] {{0, 1, 2}}, empty)) {
 *   float[] next = step.lastLogits(0);
 * }
 * }</pre>
 */
public final class OnnxDecoder implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelConfig config;
  private final Path file;
  private final String[] pastNames;
  private final String[] presentNames;
  private long engineNanos;
  private boolean halfCache;
  private boolean halfLogits;
  /** Whether the graph takes {@code inputs_embeds} (vision-language decoders) instead of {@code input_ids}. */
  private boolean embedsInput;
  private boolean halfEmbeds;
  /** Number of position axes: 1 ({@code [batch, seq]}) or 3 (multimodal rotary, {@code [3, batch, seq]}). */
  private int positionAxes = 1;
  /** Reused logits output of decode steps (sequence length 1), pinned so that reading it copies nothing. */
  private OnnxTensor decodeLogits;
  private java.nio.ByteBuffer decodeLogitsBuffer;
  /** Grow-only direct buffer for prefill logits, reused across requests (one request at a time). */
  private java.nio.ByteBuffer prefillLogits;
  private final java.util.Set<String> presentSet;

  private OnnxDecoder(OrtEnvironment env, OrtSession session, ModelConfig config, Path file) {
    this.env = env;
    this.session = session;
    this.config = config;
    this.file = file;
    int l = config.layers();
    pastNames = new String[2 * l];
    presentNames = new String[2 * l];
    for (int i = 0; i < l; i++) {
      pastNames[2 * i] = "past_key_values." + i + ".key";
      pastNames[2 * i + 1] = "past_key_values." + i + ".value";
      presentNames[2 * i] = "present." + i + ".key";
      presentNames[2 * i + 1] = "present." + i + ".value";
    }
    presentSet = new java.util.HashSet<>(Arrays.asList(presentNames));
  }

  /** Initialises DJL's OnnxRuntime engine (which loads ONNX Runtime's native library) and returns ORT's environment. */
  public static OrtEnvironment environment() {
    try {
      Engine.getEngine("OnnxRuntime");
    } catch (RuntimeException e) {
      throw new IllegalStateException("DJL's OnnxRuntime engine could not start (" + e.getMessage()
          + "): is ai.djl.onnxruntime:onnxruntime-engine on the class path and -Dai.djl.offline=true set?", e);
    }
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Opens an ONNX file and checks it against the model's config: input and output names, key/value heads, head
   * size and vocabulary.
   *
   * @param threads intra-op threads of ONNX Runtime (&gt; 0)
   */
  public static OnnxDecoder open(Path onnxFile, ModelConfig config, int threads) {
    return open(onnxFile, config, threads, Device.CPU);
  }

  /**
   * Opens an ONNX file on a device ({@link Device#CUDA} adds ONNX Runtime's CUDA execution provider and fails, naming
   * what is missing, where it cannot).
   *
   * @param threads intra-op threads of ONNX Runtime (&gt; 0)
   */
  public static OnnxDecoder open(Path onnxFile, ModelConfig config, int threads, Device device) {
    Check.positive("threads", threads);
    Check.notNull("device", device);
    if (!Files.isRegularFile(onnxFile)) {
      throw new IllegalArgumentException("Missing ONNX file " + onnxFile
          + ": export the model with optimum (onnx/model.onnx) or pick a quantization whose file exists.");
    }
    OrtEnvironment env = environment();
    OrtSession session;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      device.apply(o, onnxFile);
      session = env.createSession(onnxFile.toString(), o);
    } catch (OrtException e) {
      missingExternalData(onnxFile).ifPresent(missing -> {
        throw new IllegalArgumentException("ONNX model " + onnxFile + " keeps its weights in " + missing
            + ", which does not exist: download the external data file too (it sits beside the .onnx file,"
            + " e.g. onnx/model.onnx_data) or write the model again.", e);
      });
      throw new IllegalArgumentException("ONNX Runtime cannot load " + onnxFile + ": " + e.getMessage()
          + ". Is the file complete and an ONNX model of opset <= 21?", e);
    }
    OnnxDecoder d = new OnnxDecoder(env, session, config, onnxFile);
    try {
      d.validate();
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  /** The first external data file the model names that is not beside it, if any (explains a failed load). */
  private static java.util.Optional<Path> missingExternalData(Path onnxFile) {
    try {
      for (String location : OnnxGraph.externalDataLocations(onnxFile)) {
        Path f = onnxFile.resolveSibling(location);
        if (!Files.isRegularFile(f)) {
          return java.util.Optional.of(f);
        }
      }
    } catch (RuntimeException notReadable) {
      // The load error of ONNX Runtime itself is the better message then.
    }
    return java.util.Optional.empty();
  }

  private void validate() {
    Map<String, NodeInfo> in;
    Map<String, NodeInfo> out;
    try {
      in = session.getInputInfo();
      out = session.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot read the inputs of " + file + ": " + e.getMessage(), e);
    }
    embedsInput = !in.containsKey("input_ids") && in.containsKey("inputs_embeds");
    List<String> expected = new ArrayList<>(
        List.of(embedsInput ? "inputs_embeds" : "input_ids", "attention_mask", "position_ids"));
    expected.addAll(Arrays.asList(pastNames));
    for (String name : expected) {
      if (!in.containsKey(name)) {
        throw new IllegalArgumentException(file + " has no input " + name + " (its inputs: " + in.keySet()
            + "). Expected the optimum/transformers.js decoder layout with a key/value cache"
            + " (export with --task text-generation-with-past) and config.json's num_hidden_layers="
            + config.layers() + ".");
      }
    }
    for (String name : in.keySet()) {
      if (!expected.contains(name)) {
        throw new IllegalArgumentException(file + " has an input " + name + " that the runtime does not feed"
            + " (expected " + expected + "); config.json says num_hidden_layers=" + config.layers()
            + ": does config.json belong to this model?");
      }
    }
    if (!out.containsKey("logits")) {
      throw new IllegalArgumentException(file + " has no output logits (its outputs: " + out.keySet() + ")");
    }
    for (String name : presentNames) {
      if (!out.containsKey(name)) {
        throw new IllegalArgumentException(file + " has no output " + name + " (its outputs: " + out.keySet()
            + ")");
      }
    }
    long[] past = shape(in.get(pastNames[0]));
    if (past.length != 4 || (past[1] > 0 && past[1] != config.kvHeads())
        || (past[3] > 0 && past[3] != config.headDim())) {
      throw new IllegalArgumentException(file + ": input " + pastNames[0] + " has shape " + Arrays.toString(past)
          + " but config.json says num_key_value_heads=" + config.kvHeads() + ", head_dim=" + config.headDim()
          + ": config.json does not belong to this graph.");
    }
    OnnxJavaType cacheType = ((TensorInfo) in.get(pastNames[0]).getInfo()).type;
    if (cacheType != OnnxJavaType.FLOAT && cacheType != OnnxJavaType.FLOAT16) {
      throw new IllegalArgumentException(file + ": the key/value cache is " + cacheType
          + "; this runtime feeds float32 and float16 caches only.");
    }
    halfCache = cacheType == OnnxJavaType.FLOAT16;
    long[] posShape = shape(in.get("position_ids"));
    positionAxes = posShape.length == 3 ? 3 : 1;
    if (posShape.length == 3 && posShape[0] > 0 && posShape[0] != 3) {
      throw new IllegalArgumentException(file + ": input position_ids has shape " + Arrays.toString(posShape)
          + "; expected [batch, sequence] or multimodal [3, batch, sequence].");
    }
    if (embedsInput) {
      OnnxJavaType et = ((TensorInfo) in.get("inputs_embeds").getInfo()).type;
      if (et != OnnxJavaType.FLOAT && et != OnnxJavaType.FLOAT16) {
        throw new IllegalArgumentException(file + ": inputs_embeds is " + et + "; expected float32 or float16.");
      }
      halfEmbeds = et == OnnxJavaType.FLOAT16;
      long[] es = shape(in.get("inputs_embeds"));
      if (es.length != 3 || (es[2] > 0 && es[2] != config.hiddenSize())) {
        throw new IllegalArgumentException(file + ": input inputs_embeds has shape " + Arrays.toString(es)
            + " but config.json says hidden_size=" + config.hiddenSize()
            + ": config.json does not belong to this graph.");
      }
    }
    OnnxJavaType logitsType = ((TensorInfo) out.get("logits").getInfo()).type;
    if (logitsType != OnnxJavaType.FLOAT && logitsType != OnnxJavaType.FLOAT16) {
      throw new IllegalArgumentException(file + ": logits are " + logitsType + "; expected float32 or float16.");
    }
    halfLogits = logitsType == OnnxJavaType.FLOAT16;
    long[] logits = shape(out.get("logits"));
    if (logits.length != 3 || (logits[2] > 0 && logits[2] != config.vocabSize())) {
      throw new IllegalArgumentException(file + ": output logits has shape " + Arrays.toString(logits)
          + " but config.json says vocab_size=" + config.vocabSize()
          + ": config.json does not belong to this graph.");
    }
  }

  private static long[] shape(NodeInfo info) {
    return ((TensorInfo) info.getInfo()).getShape();
  }

  public ModelConfig config() {
    return config;
  }

  public Path file() {
    return file;
  }

  /** Total time spent inside ONNX Runtime's session calls since opening, in ns. */
  public long engineNanos() {
    return engineNanos;
  }

  /** A cache of length zero for a batch (the first step). */
  public Cache emptyCache(int batch) {
    Check.positive("batch", batch);
    OnnxTensor[] t = new OnnxTensor[pastNames.length];
    long[] shape = {batch, config.kvHeads(), 0, config.headDim()};
    try {
      for (int i = 0; i < t.length; i++) {
        t[i] = halfCache
            ? OnnxTensor.createTensor(env, java.nio.ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
            : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot create an empty key/value cache: " + e.getMessage(), e);
    }
    return new Cache(t, 0, true);
  }

  /**
   * Runs the graph once.
   *
   * @param ids token ids [batch][sequence]
   * @param mask attention mask [batch][past + sequence], 1 for real tokens, 0 for padding
   * @param positions position ids [batch][sequence]
   * @param past the cache of earlier tokens (from {@link #emptyCache} or a previous {@link Step#cache()})
   */
  public Step forward(long[][] ids, long[][] mask, long[][] positions, Cache past) {
    if (embedsInput || positionAxes != 1) {
      throw new IllegalStateException(file + " takes " + (embedsInput ? "inputs_embeds" : "input_ids")
          + " and position_ids of " + positionAxes + " axes: call forwardEmbeds (vision-language decoders).");
    }
    int s = ids[0].length;
    try {
      return run("input_ids", longs(ids, s), longs(positions, s), ids.length, s, mask, past);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not take the inputs of " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether the graph takes {@code inputs_embeds} instead of {@code input_ids}. */
  public boolean takesEmbeddings() {
    return embedsInput;
  }

  /** Number of position-id axes the graph takes: 1, or 3 for multimodal rotary positions. */
  public int positionAxes() {
    return positionAxes;
  }

  /**
   * Runs a graph that takes {@code inputs_embeds} (the decoder of a vision-language model).
   *
   * @param embeds input embeddings, row-major {@code [batch, sequence, hidden_size]}
   * @param batch rows
   * @param mask attention mask [batch][past + sequence]
   * @param positions position ids [axes][batch][sequence] ({@link #positionAxes()} axes)
   * @param past the cache of earlier tokens
   */
  public Step forwardEmbeds(float[] embeds, int batch, long[][] mask, long[][][] positions, Cache past) {
    if (!embedsInput) {
      throw new IllegalStateException(file + " takes input_ids, not inputs_embeds: call forward.");
    }
    int h = config.hiddenSize();
    if (batch < 1 || embeds.length % ((long) batch * h) != 0) {
      throw new IllegalArgumentException("embeddings of " + embeds.length + " floats are not [" + batch
          + ", sequence, " + h + "]");
    }
    if (positions.length != positionAxes) {
      throw new IllegalArgumentException(file + " takes position ids of " + positionAxes + " axes, got "
          + positions.length);
    }
    int s = embeds.length / (batch * h);
    OnnxTensor embT = null;
    try {
      long[] shape = {batch, s, h};
      if (halfEmbeds) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(embeds.length * 2)
            .order(java.nio.ByteOrder.nativeOrder());
        for (float f : embeds) {
          buf.putShort(Half.fromFloat(f));
        }
        buf.flip();
        embT = OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16);
      } else {
        embT = OnnxTensor.createTensor(env, FloatBuffer.wrap(embeds), shape);
      }
      OnnxTensor posT;
      if (positionAxes == 1) {
        posT = longs(positions[0], s);
      } else {
        LongBuffer buf = LongBuffer.allocate(3 * batch * s);
        for (long[][] axis : positions) {
          for (long[] row : axis) {
            if (row.length != s) {
              throw new IllegalArgumentException("position ids row of " + row.length + " where " + s + " expected");
            }
            buf.put(row);
          }
        }
        buf.flip();
        posT = OnnxTensor.createTensor(env, buf, new long[] {3, batch, s});
      }
      OnnxTensor e = embT;
      embT = null;
      return run("inputs_embeds", e, posT, batch, s, mask, past);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not take the inputs of " + file + ": " + e.getMessage(), e);
    } finally {
      closeQuietly(embT);
    }
  }

  /** Runs the session; closes {@code first} and {@code posT}. */
  private Step run(String firstName, OnnxTensor first, OnnxTensor posT, int b, int s, long[][] mask, Cache past) {
    int t = mask[0].length;
    OnnxTensor idT = first;
    OnnxTensor maskT = null;
    Map<String, OnnxTensor> inputs = new HashMap<>(pastNames.length * 2 + 6);
    try {
      if (t != past.length() + s) {
        throw new IllegalArgumentException("attention mask length " + t + " must equal past length "
            + past.length() + " + sequence length " + s);
      }
      maskT = longs(mask, t);
      inputs.put(firstName, idT);
      inputs.put("attention_mask", maskT);
      inputs.put("position_ids", posT);
      for (int i = 0; i < pastNames.length; i++) {
        inputs.put(pastNames[i], past.tensors[i]);
      }
      java.nio.ByteBuffer logitsBuf;
      OnnxTensor logitsT;
      boolean ownLogits;
      long[] logitsShape = {b, s, config.vocabSize()};
      if (s == 1 && decodeLogits != null && decodeLogits.getInfo().getShape()[0] == b) {
        logitsT = decodeLogits;
        logitsBuf = decodeLogitsBuffer;
        ownLogits = false;
      } else {
        int n = b * s * config.vocabSize() * (halfLogits ? 2 : 4);
        if (s == 1 || prefillLogits == null || prefillLogits.capacity() < n) {
          java.nio.ByteBuffer fresh = java.nio.ByteBuffer.allocateDirect(n).order(java.nio.ByteOrder.nativeOrder());
          if (s == 1) {
            logitsBuf = fresh;
          } else {
            prefillLogits = fresh;
            logitsBuf = fresh;
          }
        } else {
          logitsBuf = prefillLogits;
        }
        logitsBuf = logitsBuf.duplicate().clear().limit(n).slice().order(java.nio.ByteOrder.nativeOrder());
        logitsT = OnnxTensor.createTensor(env, logitsBuf, logitsShape,
            halfLogits ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT);
        ownLogits = true;
        if (s == 1) {
          if (decodeLogits != null) {
            decodeLogits.close();
          }
          decodeLogits = logitsT;
          decodeLogitsBuffer = logitsBuf;
          ownLogits = false;
        }
      }
      long start = System.nanoTime();
      OrtSession.Result r = session.run(inputs, presentSet, Map.of("logits", logitsT));
      engineNanos += System.nanoTime() - start;
      return new Step(r, b, s, t, logitsBuf, ownLogits ? logitsT : null);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + file + " (batch " + b + ", sequence " + s
          + ", past " + past.length() + "): " + e.getMessage(), e);
    } finally {
      closeQuietly(idT);
      closeQuietly(maskT);
      closeQuietly(posT);
    }
  }

  private OnnxTensor longs(long[][] rows, int width) throws OrtException {
    LongBuffer buf = LongBuffer.allocate(rows.length * width);
    for (long[] r : rows) {
      if (r.length != width) {
        throw new IllegalArgumentException("ragged input: row of " + r.length + " where " + width + " expected");
      }
      buf.put(r);
    }
    buf.flip();
    return OnnxTensor.createTensor(env, buf, new long[] {rows.length, width});
  }

  private static void closeQuietly(OnnxTensor t) {
    if (t != null) {
      t.close();
    }
  }

  @Override
  public void close() {
    if (decodeLogits != null) {
      decodeLogits.close();
      decodeLogits = null;
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("Cannot close the ONNX Runtime session of " + file + ": " + e.getMessage(), e);
    }
  }

  /** Key/value tensors of the tokens seen so far; owned by a {@link Step} unless it is an empty cache. */
  public static final class Cache implements AutoCloseable {
    private final OnnxTensor[] tensors;
    private final int length;
    private final boolean owned;

    private Cache(OnnxTensor[] tensors, int length, boolean owned) {
      this.tensors = tensors;
      this.length = length;
      this.owned = owned;
    }

    /** Tokens held (past sequence length). */
    public int length() {
      return length;
    }

    @Override
    public void close() {
      if (owned) {
        for (OnnxTensor t : tensors) {
          t.close();
        }
      }
    }
  }

  /** The outputs of one forward pass: logits and the grown cache. Close it when the next step has run. */
  public final class Step implements org.cegi.model.DecoderStep {
    private final OrtSession.Result result;
    private final int batch;
    private final int seq;
    private final Cache cache;
    private final FloatBuffer logits;
    private final java.nio.ShortBuffer halfLogitsView;
    private final OnnxTensor ownedLogits;

    private Step(OrtSession.Result result, int batch, int seq, int total, java.nio.ByteBuffer logits,
        OnnxTensor ownedLogits) {
      this.result = result;
      this.logits = halfLogits ? null : logits.asFloatBuffer();
      this.halfLogitsView = halfLogits ? logits.asShortBuffer() : null;
      this.ownedLogits = ownedLogits;
      this.batch = batch;
      this.seq = seq;
      OnnxTensor[] t = new OnnxTensor[presentNames.length];
      for (int i = 0; i < t.length; i++) {
        t[i] = (OnnxTensor) result.get(presentNames[i]).orElseThrow();
      }
      this.cache = new Cache(t, total, false);
    }

    /** Logits [vocab] at one position of one row (a copy). */
    public float[] logits(int row, int position) {
      int v = config.vocabSize();
      float[] out = new float[v];
      int off = (row * seq + position) * v;
      if (logits != null) {
        logits.get(off, out, 0, v);
      } else {
        for (int i = 0; i < v; i++) {
          out[i] = Half.toFloat(halfLogitsView.get(off + i));
        }
      }
      return out;
    }

    /** The most likely token at the last position of a row, read in place (no copy). */
    @Override
    public int argMaxLast(int row) {
      int v = config.vocabSize();
      int off = (row * seq + seq - 1) * v;
      if (logits == null) {
        float[] row16 = logits(row, seq - 1);
        return TokenSampler.argMax(row16);
      }
      int best = 0;
      float bestValue = logits.get(off);
      for (int i = 1; i < v; i++) {
        float x = logits.get(off + i);
        if (x > bestValue) {
          bestValue = x;
          best = i;
        }
      }
      return best;
    }

    /** Logits [vocab] of the last position of a row. */
    @Override
    public float[] lastLogits(int row) {
      return logits(row, seq - 1);
    }

    /** Number of rows. */
    @Override
    public int batch() {
      return batch;
    }

    /** The cache including this step's tokens; valid until this step is closed. */
    public Cache cache() {
      return cache;
    }

    @Override
    public void close() {
      result.close();
      if (ownedLogits != null) {
        ownedLogits.close();
      }
    }
  }
}
