package org.cegi.model.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cegi.internal.Check;
import org.cegi.model.DecoderStep;
import org.cegi.model.ModelConfig;

/**
 * One TorchScript decoder ({@code torchscript/model*.pt}) on DJL's PyTorch engine: a forward pass over token ids,
 * attention mask, position ids and a key/value cache. The module's {@code forward} takes {@code (input_ids,
 * attention_mask, position_ids, past_key_0, past_value_0, …)} and returns {@code (logits, present_key_0,
 * present_value_0, …)}, caches {@code [batch, kv_heads, length, head_dim]} (length 0 on the first step), as the
 * project's exports ({@code TinyDecoder.torchScript}) are written. Opening runs a one-token probe and checks the
 * outputs against {@code config.json}. {@link TorchScriptCausalLm} drives it.
 *
 * <pre>{@code
 * try (TorchScriptDecoder dec = TorchScriptDecoder.open(dir.resolve("torchscript/model.pt"), ModelConfig.read(dir), 2);
 *      TorchScriptDecoder.Step step = dec.forward(new long[][] {{1, 2, 3}}, new long[][] {{1, 1, 1}},
 *          new long[][] {{0, 1, 2}})) {
 *   float[] next = step.lastLogits(0);
 * }
 * }</pre>
 */
public final class TorchScriptDecoder implements AutoCloseable {
  private final Model model;
  private final Block block;
  private final NDManager manager;
  private final ModelConfig config;
  private final Path file;
  private DataType cacheType = DataType.FLOAT32;
  private String cacheTypeName = "float32";
  private long engineNanos;

  private TorchScriptDecoder(Model model, ModelConfig config, Path file) {
    this.model = model;
    this.block = model.getBlock();
    this.manager = model.getNDManager();
    this.config = config;
    this.file = file;
  }

  /**
   * Loads a TorchScript file and checks it with a one-token probe.
   *
   * @param threads PyTorch intra-op threads (&gt; 0; a process-wide setting of the engine)
   */
  public static TorchScriptDecoder open(Path ptFile, ModelConfig config, int threads) {
    Check.notNull("ptFile", ptFile);
    Check.notNull("config", config);
    Check.positive("threads", threads);
    if (!Files.isRegularFile(ptFile)) {
      throw new IllegalArgumentException("Missing TorchScript file " + ptFile + ": write it with `cegi fixtures"
          + " tiny-qwen2 DIR --torchscript` (or export the model with torch.jit.save to torchscript/model.pt), or"
          + " pick a variant whose file exists.");
    }
    try {
      Engine.getEngine("PyTorch");
    } catch (RuntimeException e) {
      throw new IllegalStateException("DJL's PyTorch engine could not start (" + e.getMessage() + "): is"
          + " ai.djl.pytorch:pytorch-engine with its native library on the class path and -Dai.djl.offline=true set?",
          e);
    }
    JniUtils.setNumThreads(threads);
    String name = ptFile.getFileName().toString();
    String stem = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    Model model = Model.newInstance(stem, Device.cpu(), "PyTorch");
    try {
      model.load(ptFile.toAbsolutePath().getParent(), stem);
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new IllegalArgumentException("PyTorch cannot load " + ptFile + " as a TorchScript module: "
          + firstLine(e.getMessage()) + ". Is it a complete torch.jit.save archive (not an ONNX file or a state"
          + " dict)?", e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    TorchScriptDecoder d = new TorchScriptDecoder(model, config, ptFile);
    try {
      d.probe();
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /** Runs one token from an empty cache and checks outputs and shapes against config.json. */
  private void probe() {
    try (Step s = forward(new long[][] {{0}}, new long[][] {{1}}, new long[][] {{0}})) {
      long[] logits = s.logits.getShape().getShape();
      if (logits.length != 3 || logits[2] != config.vocabSize()) {
        throw new IllegalArgumentException(file + ": logits have shape " + Arrays.toString(logits)
            + " but config.json says vocab_size=" + config.vocabSize() + ": config.json does not belong to this"
            + " module.");
      }
      long[] k = s.cache.arrays[0].getShape().getShape();
      long[] want = {1, config.kvHeads(), 1, config.headDim()};
      if (!Arrays.equals(k, want)) {
        throw new IllegalArgumentException(file + ": present key of layer 0 has shape " + Arrays.toString(k)
            + " where config.json (num_key_value_heads=" + config.kvHeads() + ", head_dim=" + config.headDim()
            + ") gives " + Arrays.toString(want) + ": config.json does not belong to this module.");
      }
      DataType t = s.cache.arrays[0].getDataType();
      // DJL 0.35 names PyTorch's bfloat16 UNKNOWN; the module widens any float cache, so empty caches of such a
      // module are float32.
      cacheType = t == DataType.FLOAT16 || t == DataType.BFLOAT16 ? t : DataType.FLOAT32;
      cacheTypeName = t == DataType.UNKNOWN ? "unknown (bfloat16 in the project's exports)"
          : t.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The libraries the module runs on, as result rows record them: {@code djl=…;pytorch=…;java=…}. */
  public static String engineVersions() {
    String pt;
    try {
      pt = Engine.getEngine("PyTorch").getVersion();
    } catch (RuntimeException | LinkageError e) {
      pt = "unknown";
    }
    return "djl=" + org.cegi.model.onnx.EngineVersions.djl() + ";pytorch=" + pt + ";java="
        + System.getProperty("java.version");
  }

  public ModelConfig config() {
    return config;
  }

  public Path file() {
    return file;
  }

  /** The element type of the key/value cache the module returns, as DJL names it ({@code float32}, {@code float16}). */
  public String cacheType() {
    return cacheTypeName;
  }

  /** Total time spent inside the module's forward calls since opening, in ns. */
  public long engineNanos() {
    return engineNanos;
  }

  /**
   * Runs the module on a prompt, from an empty cache (the first step).
   *
   * @param ids token ids [batch][sequence]
   * @param mask attention mask [batch][sequence], 1 for real tokens, 0 for padding
   * @param positions position ids [batch][sequence]
   */
  public Step forward(long[][] ids, long[][] mask, long[][] positions) {
    return run(ids, mask, positions, null);
  }

  /**
   * Runs the module once more after {@code past}, whose cache it reads (close {@code past} after this returns).
   *
   * @param ids token ids [batch][sequence]
   * @param mask attention mask [batch][past + sequence], 1 for real tokens, 0 for padding
   * @param positions position ids [batch][sequence]
   * @param past the previous step
   */
  public Step forward(long[][] ids, long[][] mask, long[][] positions, Step past) {
    return run(ids, mask, positions, Check.notNull("past", past));
  }

  private Step run(long[][] ids, long[][] mask, long[][] positions, Step past) {
    int b = ids.length;
    int s = ids[0].length;
    int t = mask[0].length;
    int pastLength = past == null ? 0 : past.cache.length;
    if (t != pastLength + s) {
      throw new IllegalArgumentException("attention mask length " + t + " must equal past length " + pastLength
          + " + sequence length " + s);
    }
    if (past != null && past.batch != b) {
      throw new IllegalArgumentException("the past step has " + past.batch + " rows, the inputs " + b);
    }
    NDManager sm = manager.newSubManager();
    try {
      NDList in = new NDList(3 + 2 * config.layers());
      in.add(sm.create(flat(ids, s), new Shape(b, s)));
      in.add(sm.create(flat(mask, t), new Shape(b, t)));
      in.add(sm.create(flat(positions, s), new Shape(b, s)));
      for (int i = 0; i < 2 * config.layers(); i++) {
        in.add(past == null ? sm.zeros(new Shape(b, config.kvHeads(), 0, config.headDim()), cacheType)
            : past.cache.arrays[i]);
      }
      NDList out;
      long start = System.nanoTime();
      try {
        out = block.forward(new ParameterStore(sm, false), in, false);
      } catch (EngineException e) {
        throw new IllegalArgumentException(file + " does not take the inputs of a decoder with config.json's"
            + " num_hidden_layers=" + config.layers() + ", num_key_value_heads=" + config.kvHeads() + " (batch " + b
            + ", sequence " + s + ", past " + pastLength + "): " + firstLine(e.getMessage())
            + ". Does config.json belong to this module?", e);
      }
      engineNanos += System.nanoTime() - start;
      out.attach(sm);
      if (out.size() != 1 + 2 * config.layers()) {
        throw new IllegalArgumentException(file + " returns " + out.size() + " tensors; a decoder of config.json's"
            + " num_hidden_layers=" + config.layers() + " returns logits and " + 2 * config.layers()
            + " cache tensors: does config.json belong to this module?");
      }
      NDArray[] cache = new NDArray[2 * config.layers()];
      for (int i = 0; i < cache.length; i++) {
        cache[i] = out.get(1 + i);
      }
      return new Step(sm, out.get(0), new Cache(cache, t), b, s);
    } catch (RuntimeException e) {
      sm.close();
      throw e;
    }
  }

  private static long[] flat(long[][] rows, int width) {
    long[] out = new long[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != width) {
        throw new IllegalArgumentException("ragged input: row of " + rows[r].length + " where " + width
            + " expected");
      }
      System.arraycopy(rows[r], 0, out, r * width, width);
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  /** Key/value tensors of the tokens seen so far, owned by their {@link Step}. */
  static final class Cache {
    private final NDArray[] arrays;
    private final int length;

    private Cache(NDArray[] arrays, int length) {
      this.arrays = arrays;
      this.length = length;
    }
  }

  /** The outputs of one forward pass: logits and the grown cache. Close it once the next step has run. */
  public final class Step implements DecoderStep {
    private final NDManager owner;
    private final NDArray logits;
    private final Cache cache;
    private final int batch;
    private final int seq;
    private float[] last;

    private Step(NDManager owner, NDArray logits, Cache cache, int batch, int seq) {
      this.owner = owner;
      this.logits = logits;
      this.cache = cache;
      this.batch = batch;
      this.seq = seq;
    }

    /** Logits [vocab] at one position of one row (a copy). */
    public float[] logits(int row, int position) {
      index("row", row, batch);
      index("position", position, seq);
      return logits.get(row, position).toType(DataType.FLOAT32, false).toFloatArray();
    }

    private float[] last() {
      if (last == null) {
        last = logits.get(new NDIndex(":, -1, :")).toType(DataType.FLOAT32, false).toFloatArray();
      }
      return last;
    }

    @Override
    public float[] lastLogits(int row) {
      index("row", row, batch);
      int v = config.vocabSize();
      return Arrays.copyOfRange(last(), row * v, (row + 1) * v);
    }

    @Override
    public int argMaxLast(int row) {
      index("row", row, batch);
      int v = config.vocabSize();
      float[] all = last();
      int best = 0;
      float bestValue = all[row * v];
      for (int i = 1; i < v; i++) {
        float x = all[row * v + i];
        if (x > bestValue) {
          bestValue = x;
          best = i;
        }
      }
      return best;
    }

    @Override
    public int batch() {
      return batch;
    }

    /** Tokens held by the cache after this step (past + sequence). */
    public int cacheLength() {
      return cache.length;
    }

    @Override
    public void close() {
      owner.close();
    }
  }

  private static void index(String name, int i, int size) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(name + " " + i + " is outside [0, " + size + ")");
    }
  }
}
