package org.cegi.model.lab;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.cegi.internal.Check;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyQwen2Vl;

/**
 * Trains a small Qwen2-VL-style vision-language model with DJL on the PyTorch engine, by manual autograd over
 * {@link NDArray}s: the vision encoder of {@link TinyQwen2Vl} (patch embedding over the processor's 1176-value
 * patches, one pre-norm block with full attention over the image's patches and a quick-GELU MLP, the 2×2 patch
 * merger into the decoder's width) and the Qwen2 decoder (RMSNorm, grouped-query attention with q/k/v bias, SwiGLU,
 * tied embeddings) with multimodal rotary positions ({@code mrope_section}). The image features replace the rows of
 * the image-pad tokens, as the runtime does. Every operation is the one the ONNX graphs of {@link TinyQwen2Vl}
 * compute, in the same weight orientation ({@code [in, out]}), so {@link #exportDecoder()} and
 * {@link #exportVision()} write unchanged. Full training for the base model; then LoRA on chosen decoder projections
 * with everything else frozen, merged on export.
 *
 * <p>A separate class from {@link DecoderTrainer} (which the text lab relies on), sharing its engine loading and its
 * optimizer settings: Adam, linear warm-up over 5 % of the steps, cosine decay to 10 %, gradient norm clipped at 1.
 */
public final class VisionTrainer implements AutoCloseable {
  private static final int[] LINEAR_PARTS = {1, 2, 3, 7, 9, 10, 11};
  private static final int VISION_HEADS = 2;
  private static final int MERGE = 2;
  private static final float LN_EPS = 1e-6f;

  private final DecoderSpec spec;
  private final int vocab;
  private final int padId;
  private final long imageTokenId;
  private final int width;
  private final int[] mrope;
  private final Engine engine;
  private final NDManager root;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Map<String, NDArray> vision = new LinkedHashMap<>();
  private final Map<String, NDArray[]> lora = new LinkedHashMap<>();
  private double loraScale;
  private final Random random;

  /**
   * Loads the PyTorch engine and initialises random weights.
   *
   * @param spec the decoder (qwen2 family)
   * @param vocab rows of the embedding matrix
   * @param padId the id right-padded batches are filled with
   * @param imageTokenId the id of {@code <|image_pad|>}
   * @param visionWidth width of the vision encoder (split over 2 heads)
   * @param mropeSection rotary pairs following the temporal, height and width positions (sum = head_dim / 2)
   * @param seed seed of weights and batches
   */
  public VisionTrainer(DecoderSpec spec, int vocab, int padId, long imageTokenId, int visionWidth,
      int[] mropeSection, long seed) {
    this.spec = Check.notNull("spec", spec);
    Check.positive("vocab", vocab);
    Check.positive("vision width", visionWidth);
    if (mropeSection.length != 3 || mropeSection[0] + mropeSection[1] + mropeSection[2] != spec.headDim() / 2) {
      throw new IllegalArgumentException("mrope_section " + Arrays.toString(mropeSection) + " must be 3 numbers"
          + " adding up to head_dim / 2 = " + spec.headDim() / 2);
    }
    this.vocab = vocab;
    this.padId = padId;
    this.imageTokenId = imageTokenId;
    this.width = visionWidth;
    this.mrope = mropeSection.clone();
    this.engine = DecoderTrainer.pytorch();
    this.root = engine.newBaseManager();
    this.random = new Random(seed);
    int h = spec.hiddenSize();
    int q = spec.heads() * spec.headDim();
    int kv = spec.kvHeads() * spec.headDim();
    int m = spec.intermediateSize();
    param(params, "embed", gauss(vocab * h, 0.05), vocab, h);
    double outStd = 1.0 / Math.sqrt(2.0 * spec.layers());
    for (int l = 0; l < spec.layers(); l++) {
      String p = "layers." + l + ".";
      param(params, p + 0, ones(h), h);
      param(params, p + 1, gauss(h * q, 1 / Math.sqrt(h)), h, q);
      param(params, p + 2, gauss(h * kv, 1 / Math.sqrt(h)), h, kv);
      param(params, p + 3, gauss(h * kv, 1 / Math.sqrt(h)), h, kv);
      param(params, p + 4, new float[q], q);
      param(params, p + 5, new float[kv], kv);
      param(params, p + 6, new float[kv], kv);
      param(params, p + 7, gauss(q * h, outStd / Math.sqrt(q)), q, h);
      param(params, p + 8, ones(h), h);
      param(params, p + 9, gauss(h * m, 1 / Math.sqrt(h)), h, m);
      param(params, p + 10, gauss(h * m, 1 / Math.sqrt(h)), h, m);
      param(params, p + 11, gauss(m * h, outStd / Math.sqrt(m)), m, h);
    }
    param(params, "norm", ones(h), h);
    int e = visionWidth;
    int px = TinyQwen2Vl.PATCH_VALUES;
    int mm = e * MERGE * MERGE;
    // Order and names of TinyQwen2Vl.VisionWeights.PARTS.
    param(vision, "patch_embed", gauss(px * e, 1 / Math.sqrt(px)), px, e);
    param(vision, "norm1.weight", ones(e), e);
    param(vision, "norm1.bias", new float[e], e);
    param(vision, "qkv.weight", gauss(e * 3 * e, 1 / Math.sqrt(e)), e, 3L * e);
    param(vision, "qkv.bias", new float[3 * e], 3L * e);
    param(vision, "proj.weight", gauss(e * e, 0.5 / Math.sqrt(e)), e, e);
    param(vision, "norm2.weight", ones(e), e);
    param(vision, "norm2.bias", new float[e], e);
    param(vision, "fc1.weight", gauss(e * 2 * e, 1 / Math.sqrt(e)), e, 2L * e);
    param(vision, "fc2.weight", gauss(2 * e * e, 0.5 / Math.sqrt(2 * e)), 2L * e, e);
    param(vision, "merger.ln_q.weight", ones(e), e);
    param(vision, "merger.ln_q.bias", new float[e], e);
    param(vision, "merger.mlp.0.weight", gauss(mm * mm, 1 / Math.sqrt(mm)), mm, mm);
    param(vision, "merger.mlp.2.weight", gauss(mm * h, 1 / Math.sqrt(mm)), mm, h);
  }

  /**
   * Sets PyTorch's intra-op thread count for this process (it also holds for other trainers in the same JVM) and
   * returns the previous count, so a caller can restore it. Unlike the {@code ai.djl.pytorch.num_threads} property,
   * this works after the engine has loaded.
   */
  public static int threads(int count) {
    Check.positive("threads", count);
    DecoderTrainer.pytorch();
    int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
    ai.djl.pytorch.jni.JniUtils.setNumThreads(count);
    return before;
  }

  private void param(Map<String, NDArray> into, String name, float[] values, long... shape) {
    NDArray a = root.create(values, new Shape(shape));
    a.setRequiresGradient(true);
    into.put(name, a);
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
    Arrays.fill(a, 1f);
    return a;
  }

  /** Number of base weights (decoder and vision encoder). */
  public long baseParams() {
    return params.values().stream().mapToLong(NDArray::size).sum()
        + vision.values().stream().mapToLong(NDArray::size).sum();
  }

  /**
   * Adds LoRA adapters to the decoder's projections (A Gaussian, B zero: the model is unchanged until trained) and
   * returns the adapter's own parameter count, r × (in + out) per adapted projection per layer.
   */
  public long addLora(LoraConfig config) {
    Check.notNull("config", config);
    if (!lora.isEmpty()) {
      throw new IllegalStateException("LoRA adapters are already attached: remove them (dropLora) first");
    }
    loraScale = config.alpha() / config.rank();
    // The base is frozen from here on: no gradients for it (the backward pass then skips the embedding's and the
    // vision encoder's weight gradients).
    params.values().forEach(p -> p.setRequiresGradient(false));
    vision.values().forEach(p -> p.setRequiresGradient(false));
    long count = 0;
    for (int l = 0; l < spec.layers(); l++) {
      for (int part : LINEAR_PARTS) {
        if (!config.targets().contains(DecoderTrainer.module(part))) {
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

  /** Removes the adapters (the base weights are untouched), so another task can be fine-tuned from the same base. */
  public void dropLora() {
    for (NDArray[] ab : lora.values()) {
      ab[0].close();
      ab[1].close();
    }
    lora.clear();
  }

  /**
   * Trains for {@code steps} Adam steps on random batches; with LoRA attached only the adapters move. All images of
   * a batch must have the same number of patches.
   *
   * @param lr peak learning rate (linear warm-up over 5 % of the steps, cosine decay to 10 %)
   * @param onStep called after every step with the step number (for progress)
   * @return the mean loss (nats per predicted token) over the last 10 % of the steps
   */
  public double train(List<VisionSequence> data, int steps, int batchSize, double lr, IntConsumer onStep) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("no training sequences: generate the task data first");
    }
    Check.positive("steps", steps);
    Check.positive("batch size", batchSize);
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    if (lora.isEmpty()) {
      trainable.putAll(params);
      vision.forEach((k, v) -> trainable.put("visual." + k, v));
    } else {
      lora.forEach((k, ab) -> {
        trainable.put(k + ".lora_A", ab[0]);
        trainable.put(k + ".lora_B", ab[1]);
      });
    }
    return AdamLoop.run(engine, root, trainable, data, steps, batchSize, lr, random, this::loss, onStep,
        "vision training");
  }

  /** Mean cross-entropy (nats) over the masked positions of a right-padded batch. */
  private NDArray loss(NDManager sm, List<VisionSequence> batch) {
    int s = 1;
    for (VisionSequence t : batch) {
      s = Math.max(s, t.ids().length - 1);
    }
    int b = batch.size();
    long[] target = new long[b * s];
    float[] mask = new float[b * s];
    Arrays.fill(target, padId);
    List<VisionSequence> inputs = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      VisionSequence t = batch.get(i);
      int n = t.ids().length - 1;
      for (int j = 0; j < n; j++) {
        target[i * s + j] = t.ids()[j + 1];
        mask[i * s + j] = t.lossMask()[j] ? 1f : 0f;
      }
      inputs.add(t);
    }
    NDArray logits = forward(sm, inputs, s, true);
    NDArray tgt = sm.create(target, new Shape(b, s)).oneHot(vocab);
    NDArray m = sm.create(mask, new Shape(b, s));
    NDArray nll = logits.logSoftmax(-1).mul(tgt).sum(new int[] {-1}).neg();
    float count = 0;
    for (float v : mask) {
      count += v;
    }
    return nll.mul(m).sum().div(Math.max(1f, count));
  }

  /**
   * Logits {@code [vocab]} of every position of one sequence (for the parity test against the exported ONNX model),
   * row-major {@code [ids.length * vocab]}.
   */
  public float[] logits(VisionSequence sequence) {
    try (NDManager sm = root.newSubManager()) {
      return forward(sm, List.of(sequence), sequence.ids().length, false).toFloatArray();
    }
  }

  /**
   * Logits {@code [B, S, vocab]} of a right-padded batch over its first {@code s} tokens ({@code dropLast}: the
   * last token of each sequence is only a target).
   */
  private NDArray forward(NDManager sm, List<VisionSequence> rows, int s, boolean dropLast) {
    int b = rows.size();
    int h = spec.hiddenSize();
    int d = spec.headDim();
    int nh = spec.heads();
    int kv = spec.kvHeads();
    int groups = nh / kv;
    long[] in = new long[b * s];
    Arrays.fill(in, padId);
    int[] freqAxis = new int[d / 2];
    for (int i = 0; i < d / 2; i++) {
      freqAxis[i] = i < mrope[0] ? 0 : i < mrope[0] + mrope[1] ? 1 : 2;
    }
    float[] invFreq = new float[d / 2];
    for (int i = 0; i < d / 2; i++) {
      invFreq[i] = (float) (1.0 / Math.pow(spec.ropeTheta(), (2.0 * i) / d));
    }
    float[] cos = new float[b * s * d];
    float[] sin = new float[b * s * d];
    int patches = 0;
    for (VisionSequence r : rows) {
      if (r.patches() > 0) {
        if (patches != 0 && patches != r.patches()) {
          throw new IllegalArgumentException("images of one batch must have the same number of patches, got "
              + patches + " and " + r.patches() + ": draw every scene at the same size");
        }
        patches = r.patches();
      }
    }
    int tokens = patches / (MERGE * MERGE);
    float[] select = new float[b * s * Math.max(1, tokens)];
    float[] keep = new float[b * s];
    float[] pixels = new float[b * Math.max(1, patches) * TinyQwen2Vl.PATCH_VALUES];
    for (int r = 0; r < b; r++) {
      VisionSequence q = rows.get(r);
      int n = Math.min(s, dropLast ? q.ids().length - 1 : q.ids().length);
      int k = 0;
      for (int j = 0; j < s; j++) {
        keep[r * s + j] = 1f;
        long p0 = 0;
        long p1 = 0;
        long p2 = 0;
        if (j < n) {
          in[r * s + j] = q.ids()[j];
          p0 = q.positions()[0][j];
          p1 = q.positions()[1][j];
          p2 = q.positions()[2][j];
          if (q.ids()[j] == imageTokenId && q.patches() > 0) {
            keep[r * s + j] = 0f;
            select[(r * s + j) * tokens + k++] = 1f;
          }
        }
        for (int i = 0; i < d / 2; i++) {
          long p = freqAxis[i] == 0 ? p0 : freqAxis[i] == 1 ? p1 : p2;
          float f = (float) p * invFreq[i];
          float c = (float) Math.cos(f);
          float sn = (float) Math.sin(f);
          int o = (r * s + j) * d;
          cos[o + i] = c;
          cos[o + i + d / 2] = c;
          sin[o + i] = sn;
          sin[o + i + d / 2] = sn;
        }
      }
      if (q.patches() > 0) {
        System.arraycopy(q.pixels(), 0, pixels, r * patches * TinyQwen2Vl.PATCH_VALUES, q.pixels().length);
      }
    }
    NDArray embed = params.get("embed");
    NDArray x = sm.create(in, new Shape(b, s)).oneHot(vocab).matMul(embed);
    if (patches > 0) {
      NDArray feats = encode(sm.create(pixels, new Shape(b, patches, TinyQwen2Vl.PATCH_VALUES)));
      NDArray sel = sm.create(select, new Shape(b, s, tokens));
      x = x.mul(sm.create(keep, new Shape(b, s, 1))).add(sel.matMul(feats));
    }
    NDArray cosA = sm.create(cos, new Shape(b, 1, s, d));
    NDArray sinA = sm.create(sin, new Shape(b, 1, s, d));
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

  /** The vision encoder: pixels {@code [B, P, 1176]} → merged features {@code [B, P / 4, hidden]}. */
  private NDArray encode(NDArray pixels) {
    long b = pixels.getShape().get(0);
    long p = pixels.getShape().get(1);
    int e = width;
    int dh = e / VISION_HEADS;
    NDArray x = pixels.matMul(vision.get("patch_embed"));
    NDArray n1 = layerNorm(x, vision.get("norm1.weight"), vision.get("norm1.bias"));
    NDArray qkv = n1.matMul(vision.get("qkv.weight")).add(vision.get("qkv.bias"));
    NDArray q = qkv.get(new NDIndex("..., :" + e)).reshape(b, p, VISION_HEADS, dh).transpose(0, 2, 1, 3);
    NDArray k = qkv.get(new NDIndex("..., " + e + ":" + 2 * e)).reshape(b, p, VISION_HEADS, dh)
        .transpose(0, 2, 3, 1);
    NDArray v = qkv.get(new NDIndex("..., " + 2 * e + ":")).reshape(b, p, VISION_HEADS, dh).transpose(0, 2, 1, 3);
    NDArray probs = q.matMul(k).mul((float) (1 / Math.sqrt(dh))).softmax(-1);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, p, e);
    x = x.add(ctx.matMul(vision.get("proj.weight")));
    NDArray n2 = layerNorm(x, vision.get("norm2.weight"), vision.get("norm2.bias"));
    NDArray fc1 = n2.matMul(vision.get("fc1.weight"));
    x = x.add(quickGelu(fc1).matMul(vision.get("fc2.weight")));
    NDArray lq = layerNorm(x, vision.get("merger.ln_q.weight"), vision.get("merger.ln_q.bias"));
    NDArray grouped = lq.reshape(b, p / (MERGE * MERGE), (long) e * MERGE * MERGE);
    NDArray h1 = grouped.matMul(vision.get("merger.mlp.0.weight"));
    return quickGelu(h1).matMul(vision.get("merger.mlp.2.weight"));
  }

  private static NDArray quickGelu(NDArray x) {
    return x.mul(Activation.sigmoid(x.mul(1.702f)));
  }

  private static NDArray layerNorm(NDArray x, NDArray w, NDArray bias) {
    NDArray mean = x.mean(new int[] {-1}, true);
    NDArray c = x.sub(mean);
    NDArray var = c.mul(c).mean(new int[] {-1}, true);
    return c.div(var.add(LN_EPS).sqrt()).mul(w).add(bias);
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
    NDArray rot = NDArrays.concat(new NDList(x2.neg(), x1), -1);
    return x.mul(cos).add(rot.mul(sin));
  }

  /** The decoder's weights with any LoRA update merged in ({@code W + A·B·alpha/r}), in the writer's layout. */
  public TinyDecoder.Weights exportDecoder() {
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

  /** The vision encoder's weights in {@link TinyQwen2Vl.VisionWeights}' layout. */
  public TinyQwen2Vl.VisionWeights exportVision() {
    List<float[]> arrays = new ArrayList<>();
    for (String part : TinyQwen2Vl.VisionWeights.PARTS) {
      arrays.add(vision.get(part).toFloatArray());
    }
    return TinyQwen2Vl.VisionWeights.fromArrays(arrays);
  }

  @Override
  public void close() {
    root.close();
  }
}
