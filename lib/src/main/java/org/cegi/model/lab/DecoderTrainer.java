package org.cegi.model.lab;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.fixtures.TinyDecoder;

/**
 * Trains a Qwen2-style decoder (RMSNorm, rotary positions, grouped-query attention, q/k/v bias, SwiGLU, tied
 * embeddings) with DJL on the PyTorch engine, by manual autograd over {@link NDArray}s: the forward pass is the same
 * computation, in the same weight orientation ({@code [in, out]}), as the ONNX graph {@link TinyDecoder} writes, so
 * the weights export unchanged. Full training for the base model, then LoRA on chosen projections with the base
 * frozen, merged into the weights on export.
 */
public final class DecoderTrainer implements AutoCloseable {
  static final String ENGINE = "PyTorch";
  private static final int[] LINEAR_PARTS = {1, 2, 3, 7, 9, 10, 11};

  private final DecoderSpec spec;
  private final int vocab;
  private final int padId;
  private final Engine engine;
  private final NDManager root;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Map<String, NDArray[]> lora = new LinkedHashMap<>();
  private double loraScale;
  private final Random random;

  /** Loads the PyTorch engine and initialises random weights (PyTorch's thread settings unchanged). */
  public DecoderTrainer(DecoderSpec spec, int vocab, int padId, long seed) {
    this(spec, vocab, padId, seed, 0);
  }

  /**
   * Loads the PyTorch engine, sets its intra-op threads to {@code threads} (0: leave them) and tries inter-op
   * threads 1, and initialises random weights from {@code seed}.
   */
  public DecoderTrainer(DecoderSpec spec, int vocab, int padId, long seed, int threads) {
    this.spec = spec;
    this.vocab = vocab;
    this.padId = padId;
    this.engine = pytorch();
    if (threads > 0) {
      setThreads(threads);
    }
    this.root = engine.newBaseManager();
    this.random = new Random(seed);
    int h = spec.hiddenSize();
    int q = spec.heads() * spec.headDim();
    int kv = spec.kvHeads() * spec.headDim();
    int m = spec.intermediateSize();
    param("embed", gauss(vocab * h, 0.05), vocab, h);
    double outStd = 1.0 / Math.sqrt(2.0 * spec.layers());
    for (int l = 0; l < spec.layers(); l++) {
      String p = "layers." + l + ".";
      param(p + 0, ones(h), h);
      param(p + 1, gauss(h * q, 1 / Math.sqrt(h)), h, q);
      param(p + 2, gauss(h * kv, 1 / Math.sqrt(h)), h, kv);
      param(p + 3, gauss(h * kv, 1 / Math.sqrt(h)), h, kv);
      param(p + 4, new float[q], q);
      param(p + 5, new float[kv], kv);
      param(p + 6, new float[kv], kv);
      param(p + 7, gauss(q * h, outStd / Math.sqrt(q)), q, h);
      param(p + 8, ones(h), h);
      param(p + 9, gauss(h * m, 1 / Math.sqrt(h)), h, m);
      param(p + 10, gauss(h * m, 1 / Math.sqrt(h)), h, m);
      param(p + 11, gauss(m * h, outStd / Math.sqrt(m)), m, h);
    }
    param("norm", ones(h), h);
  }

  /** The PyTorch engine, loaded offline from the bundled CPU natives. */
  static Engine pytorch() {
    try {
      return Engine.getEngine(ENGINE);
    } catch (EngineException | IllegalArgumentException e) {
      throw new IllegalStateException("DJL's PyTorch engine could not be loaded (" + e.getMessage() + "): the lab"
          + " trains on it. Keep ai.djl.pytorch:pytorch-native-cpu (linux-x86_64) on the class path and run with"
          + " -Dai.djl.offline=true -DENGINE_CACHE_DIR=build/engine-cache.", e);
    }
  }

  /**
   * Sets PyTorch's intra-op threads (the reductions of a matrix product are split over them, so a different count
   * can change the last bits of a sum) and, once per process, inter-op threads to 1; DJL reads
   * {@code ai.djl.pytorch.num_threads} only when the engine starts, so the count is set through the engine here.
   */
  static void setThreads(int threads) {
    ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    if (ai.djl.pytorch.jni.JniUtils.getNumInteropThreads() != 1) {
      try {
        ai.djl.pytorch.jni.JniUtils.setNumInteropThreads(1);
      } catch (RuntimeException e) {
        // PyTorch refuses once parallel work has started; inter-op threads do not change what a matmul sums
      }
    }
  }

  /** PyTorch's intra-op threads now. */
  public static int threads() {
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  private void param(String name, float[] values, long... shape) {
    NDArray a = root.create(values, new Shape(shape));
    a.setRequiresGradient(true);
    params.put(name, a);
  }

  private float[] gauss(int n, double std) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextGaussian() * std);
    }
    return a;
  }

  private static float[] ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }

  /** Number of base weights. */
  public long baseParams() {
    return params.values().stream().mapToLong(NDArray::size).sum();
  }

  /**
   * Adds LoRA adapters (A Gaussian, B zero: the model is unchanged until trained), freezes the base weights (no
   * gradient is computed for them) and returns the adapter's own parameter count, r × (in + out) per adapted
   * projection per layer.
   */
  public long addLora(LoraConfig config) {
    if (!lora.isEmpty()) {
      throw new IllegalStateException("LoRA adapters are already attached: merge or start a new trainer");
    }
    loraScale = config.alpha() / config.rank();
    for (NDArray w : params.values()) {
      w.setRequiresGradient(false);
    }
    long count = 0;
    for (int l = 0; l < spec.layers(); l++) {
      for (int part : LINEAR_PARTS) {
        String module = module(part);
        if (!config.targets().contains(module)) {
          continue;
        }
        NDArray w = params.get("layers." + l + "." + part);
        long in = w.getShape().get(0);
        long out = w.getShape().get(1);
        NDArray a = root.create(gauss((int) (in * config.rank()), 1 / Math.sqrt(in)), new Shape(in, config.rank()));
        NDArray b = root.zeros(new Shape(config.rank(), out));
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
        lora.put("layers." + l + "." + part, new NDArray[] {a, b});
        count += a.size() + b.size();
      }
    }
    return count;
  }

  /**
   * Drops the adapters (after {@link #export()} has merged them into a copy), leaving the base weights as they were,
   * so that the next task's adapters start from the same base.
   */
  public void dropLora() {
    for (NDArray[] ab : lora.values()) {
      ab[0].close();
      ab[1].close();
    }
    lora.clear();
  }

  static String module(int part) {
    return TinyDecoder.Weights.LAYER_PARTS.get(part);
  }

  /**
   * Trains for {@code steps} Adam steps on random batches; with LoRA attached only the adapters move.
   *
   * @param lr peak learning rate (linear warm-up over 5 % of the steps, cosine decay to 10 %)
   * @param onStep called after every step with the step number (for progress)
   * @return the mean loss (nats per predicted token) over the last 10 % of the steps
   */
  public double train(List<TrainingSequence> data, int steps, int batchSize, double lr, IntConsumer onStep) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no training sequences: generate the task data first");
    }
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    if (lora.isEmpty()) {
      trainable.putAll(params);
    } else {
      lora.forEach((k, ab) -> {
        trainable.put(k + ".lora_A", ab[0]);
        trainable.put(k + ".lora_B", ab[1]);
      });
    }
    return AdamLoop.run(engine, root, trainable, data, steps, batchSize, lr, random, this::loss, onStep,
        "training");
  }

  /** Mean cross-entropy (nats) over the masked positions of a batch, right-padded. */
  private NDArray loss(NDManager sm, List<TrainingSequence> batch) {
    int s = 1;
    for (TrainingSequence t : batch) {
      s = Math.max(s, t.ids().length - 1);
    }
    int b = batch.size();
    long[] in = new long[b * s];
    long[] target = new long[b * s];
    float[] mask = new float[b * s];
    java.util.Arrays.fill(in, padId);
    java.util.Arrays.fill(target, padId);
    for (int i = 0; i < b; i++) {
      TrainingSequence t = batch.get(i);
      for (int j = 0; j + 1 < t.ids().length; j++) {
        in[i * s + j] = t.ids()[j];
        target[i * s + j] = t.ids()[j + 1];
        mask[i * s + j] = t.lossMask()[j] ? 1f : 0f;
      }
    }
    NDArray ids = sm.create(in, new Shape(b, s));
    NDArray logits = forward(sm, ids, s);
    NDArray tgt = sm.create(target, new Shape(b, s, 1));
    NDArray m = sm.create(mask, new Shape(b, s));
    // the target's log-probability picked by index (no [B, S, vocab] one-hot product)
    NDArray nll = logits.logSoftmax(-1).gather(tgt, -1).squeeze(-1).neg();
    return nll.mul(m).sum().div(Math.max(1f, sum(mask)));
  }

  private static float sum(float[] a) {
    float s = 0;
    for (float v : a) {
      s += v;
    }
    return s;
  }

  /** Logits {@code [B, S, vocab]} for ids {@code [B, S]} at positions 0..S-1. */
  NDArray forward(NDManager sm, NDArray ids, int s) {
    int b = (int) ids.getShape().get(0);
    int h = spec.hiddenSize();
    int d = spec.headDim();
    int nh = spec.heads();
    int kv = spec.kvHeads();
    int groups = nh / kv;
    NDArray embed = params.get("embed");
    // a row lookup (torch.embedding), the same as one-hot x embed and its gradient, without the [B, S, vocab] product
    NDArray x = embed.getNDArrayInternal().embedding(ids, embed, ai.djl.ndarray.types.SparseFormat.DENSE)
        .singletonOrThrow();
    float[] cos = new float[s * d];
    float[] sin = new float[s * d];
    for (int p = 0; p < s; p++) {
      for (int i = 0; i < d / 2; i++) {
        double f = p / Math.pow(spec.ropeTheta(), (2.0 * i) / d);
        cos[p * d + i] = cos[p * d + i + d / 2] = (float) Math.cos(f);
        sin[p * d + i] = sin[p * d + i + d / 2] = (float) Math.sin(f);
      }
    }
    NDArray cosA = sm.create(cos, new Shape(s, d));
    NDArray sinA = sm.create(sin, new Shape(s, d));
    float[] causal = new float[s * s];
    for (int i = 0; i < s; i++) {
      for (int j = i + 1; j < s; j++) {
        causal[i * s + j] = -1e9f;
      }
    }
    NDArray maskA = sm.create(causal, new Shape(s, s));
    float scale = (float) (1.0 / Math.sqrt(d));
    for (int l = 0; l < spec.layers(); l++) {
      String p = "layers." + l + ".";
      NDArray xn = rmsNorm(x, params.get(p + 0));
      NDArray q = linear(xn, p, 1).add(params.get(p + 4));
      NDArray k = linear(xn, p, 2).add(params.get(p + 5));
      NDArray v = linear(xn, p, 3).add(params.get(p + 6));
      NDArray q4 = rope(q.reshape(b, s, nh, d).transpose(0, 2, 1, 3), cosA, sinA, d);
      NDArray k4 = rope(k.reshape(b, s, kv, d).transpose(0, 2, 1, 3), cosA, sinA, d);
      NDArray v4 = v.reshape(b, s, kv, d).transpose(0, 2, 1, 3);
      NDArray q5 = q4.reshape(b, kv, groups, s, d);
      NDArray k5 = k4.expandDims(2).transpose(0, 1, 2, 4, 3);
      NDArray probs = q5.matMul(k5).mul(scale).add(maskA).softmax(-1);
      NDArray ctx = probs.matMul(v4.expandDims(2)).transpose(0, 3, 1, 2, 4).reshape(b, s, (long) nh * d);
      x = x.add(linear(ctx, p, 7));
      NDArray xn2 = rmsNorm(x, params.get(p + 8));
      NDArray gate = linear(xn2, p, 9);
      NDArray up = linear(xn2, p, 10);
      x = x.add(linear(gate.mul(Activation.sigmoid(gate)).mul(up), p, 11));
    }
    NDArray xf = rmsNorm(x, params.get("norm"));
    NDArray embedT = embed.transpose();
    embedT.attach(sm);
    return xf.matMul(embedT).reshape(b, s, vocab);
  }

  private NDArray linear(NDArray x, String prefix, int part) {
    NDArray y = x.matMul(params.get(prefix + part));
    NDArray[] ab = lora.get(prefix + part);
    if (ab != null) {
      y = y.add(x.matMul(ab[0]).matMul(ab[1]).mul((float) loraScale));
    }
    return y;
  }

  private NDArray rmsNorm(NDArray x, NDArray w) {
    NDArray rms = x.mul(x).mean(new int[] {-1}, true).add((float) spec.rmsNormEps()).sqrt();
    return x.div(rms).mul(w);
  }

  private static NDArray rope(NDArray x, NDArray cos, NDArray sin, int d) {
    NDArray x1 = x.get(new NDIndex("..., :" + d / 2));
    NDArray x2 = x.get(new NDIndex("..., " + d / 2 + ":"));
    NDArray rot = NDArrays.concat(new ai.djl.ndarray.NDList(x2.neg(), x1), -1);
    return x.mul(cos).add(rot.mul(sin));
  }

  /** The weights with any LoRA update merged in ({@code W + A·B·alpha/r}), in the writer's layout. */
  public TinyDecoder.Weights export() {
    List<float[][]> layers = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      float[][] p = new float[TinyDecoder.Weights.LAYER_PARTS.size()][];
      for (int i = 0; i < p.length; i++) {
        String key = "layers." + l + "." + i;
        NDArray w = params.get(key);
        NDArray[] ab = lora.get(key);
        if (ab != null) {
          try (NDArray merged = ab[0].matMul(ab[1]).mul((float) loraScale).add(w)) {
            p[i] = merged.toFloatArray();
          }
        } else {
          p[i] = w.toFloatArray();
        }
      }
      layers.add(p);
    }
    return new TinyDecoder.Weights(params.get("embed").toFloatArray(), params.get("norm").toFloatArray(), layers,
        new float[0]);
  }

  @Override
  public void close() {
    root.close();
  }
}
