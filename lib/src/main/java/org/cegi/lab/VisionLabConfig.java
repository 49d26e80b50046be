package org.cegi.lab;

import java.util.List;
import org.cegi.internal.Check;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.lab.LoraConfig;

/**
 * Everything that decides what the vision lab trains; its {@link #hash()} (with {@link VisionLab#VERSION} and a
 * fingerprint of the generated scenes) names the output folder, so a changed configuration, lab version or data
 * generator trains afresh and an unchanged one reuses the artefacts.
 *
 * @param spec the decoder (qwen2 family: q/k/v bias, tied embeddings)
 * @param mropeSection rotary pairs following the temporal, height and width positions (sum = head_dim / 2)
 * @param visionWidth width of the vision encoder
 * @param merges BPE merges of the tokenizer fitted to the lab's texts
 * @param seed seed of scenes, weights and batches
 * @param imageSize scene side in pixels (a multiple of 28: 56 gives 4 image tokens, 84 gives 9)
 * @param trainScenes scenes the models train on
 * @param heldOutScenes scenes only scored on
 * @param genericItems text-only generic chat items in the base mixture
 * @param baseSteps Adam steps of the base model (all weights)
 * @param baseLr peak learning rate of the base model
 * @param lora LoRA rank, alpha and target projections (the same for both tasks)
 * @param loraSteps Adam steps of each task's LoRA fine-tuning (adapters only)
 * @param loraLr peak learning rate of the adapters
 * @param batchSize sequences per step
 * @param threads PyTorch and ONNX Runtime intra-op threads (the defaults use 1: on 2 cores shared with other jobs, 2
 *     PyTorch threads made a training step about 9 times slower than 1, measured 5.7 s against 0.6 s at load 11)
 */
public record VisionLabConfig(
    DecoderSpec spec,
    List<Integer> mropeSection,
    int visionWidth,
    int merges,
    long seed,
    int imageSize,
    int trainScenes,
    int heldOutScenes,
    int genericItems,
    int baseSteps,
    double baseLr,
    LoraConfig lora,
    int loraSteps,
    double loraLr,
    int batchSize,
    int threads) {

  public VisionLabConfig {
    Check.notNull("spec", spec);
    if (!spec.family().equals("qwen2") || !spec.tieEmbeddings() || !spec.qkvBias()) {
      throw new IllegalArgumentException("the vision lab trains the qwen2 family (q/k/v bias, tied embeddings), got "
          + spec.family() + " tie=" + spec.tieEmbeddings() + " bias=" + spec.qkvBias());
    }
    mropeSection = List.copyOf(mropeSection);
    if (mropeSection.size() != 3 || mropeSection.stream().mapToInt(Integer::intValue).sum() != spec.headDim() / 2) {
      throw new IllegalArgumentException("mrope_section " + mropeSection + " must be 3 numbers adding up to"
          + " head_dim / 2 = " + spec.headDim() / 2);
    }
    Check.positive("vision width", visionWidth);
    Check.positive("merges", merges);
    Check.positive("image size", imageSize);
    Check.positive("training scenes", trainScenes);
    Check.positive("held-out scenes", heldOutScenes);
    Check.nonNegative("generic items", genericItems);
    Check.positive("base steps", baseSteps);
    Check.positive("base learning rate", baseLr);
    Check.notNull("lora", lora);
    Check.positive("LoRA steps", loraSteps);
    Check.positive("LoRA learning rate", loraLr);
    Check.positive("batch size", batchSize);
    Check.positive("threads", threads);
  }

  /** The vision lab's decoder: the text lab's (hidden 128, 2 layers, 4 heads over 2 key/value heads, SwiGLU 256). */
  public static DecoderSpec labSpec() {
    return LabConfig.labSpec();
  }

  /** The default vision lab (the main job's): 84-pixel scenes (9 image tokens), 800 training scenes. */
  public static VisionLabConfig defaults() {
    return new VisionLabConfig(labSpec(), List.of(4, 6, 6), 64, 400, 42L, 84, 800, 60, 300, 500, 3e-3,
        LoraConfig.allLinear(8), 250, 3e-3, 24, 1);
  }

  /** A reduced vision lab for tests: 56-pixel scenes (4 image tokens), fewer scenes and steps. */
  public static VisionLabConfig reduced() {
    return new VisionLabConfig(labSpec(), List.of(4, 6, 6), 32, 300, 42L, 56, 300, 30, 100, 200, 4e-3,
        LoraConfig.allLinear(8), 100, 4e-3, 16, 1);
  }

  public VisionLabConfig withSteps(int newBaseSteps, int newLoraSteps) {
    return new VisionLabConfig(spec, mropeSection, visionWidth, merges, seed, imageSize, trainScenes, heldOutScenes,
        genericItems, newBaseSteps, baseLr, lora, newLoraSteps, loraLr, batchSize, threads);
  }

  public VisionLabConfig withLora(LoraConfig newLora) {
    return new VisionLabConfig(spec, mropeSection, visionWidth, merges, seed, imageSize, trainScenes, heldOutScenes,
        genericItems, baseSteps, baseLr, newLora, loraSteps, loraLr, batchSize, threads);
  }

  public VisionLabConfig withThreads(int newThreads) {
    return new VisionLabConfig(spec, mropeSection, visionWidth, merges, seed, imageSize, trainScenes, heldOutScenes,
        genericItems, baseSteps, baseLr, lora, loraSteps, loraLr, batchSize, newThreads);
  }

  int[] mrope() {
    return mropeSection.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The scenes this configuration generates. */
  public ShapeScenes scenes() {
    return ShapeScenes.generate(seed, trainScenes, heldOutScenes, imageSize);
  }

  /**
   * Hex SHA-256 prefix of this configuration, the lab version and a fingerprint of the generated data (scenes,
   * captions, questions, generic mixture); threads are excluded: they change no weight.
   */
  /**
   * The compiled code that decides what the vision lab trains and writes (scene generator, trainers, ONNX writer,
   * tokenizer, the tasks' prompts): part of {@link #hash()}, so changed code trains afresh.
   */
  public static String codeFingerprint() {
    return org.cegi.internal.CodeFingerprint.of(VisionLab.class, ShapeScenes.class, GenericMixture.class,
        org.cegi.model.lab.VisionTrainer.class, org.cegi.model.lab.VisionSequence.class,
        org.cegi.model.lab.DecoderTrainer.class, LoraConfig.class, org.cegi.tasks.CaptioningTask.class,
        org.cegi.tasks.VqaTask.class, org.cegi.tasks.Prompt.class).hex() + "+"
        + org.cegi.model.fixtures.TinyQwen2Vl.writerFingerprint();
  }

  public String hash() {
    ShapeScenes data = scenes();
    StringBuilder truth = new StringBuilder();
    for (ShapeScenes.Scene s : data.train()) {
      truth.append(s.hashCode()).append(',');
    }
    truth.append('|');
    for (ShapeScenes.Scene s : data.heldOut()) {
      truth.append(s.hashCode()).append(ShapeScenes.captions(s).hashCode()).append(ShapeScenes.questions(s).hashCode())
          .append(',');
    }
    String key = VisionLab.VERSION + "|" + codeFingerprint() + "|" + truth.toString().hashCode() + "|"
        + ShapeScenes.captions(data.train().get(0)) + ShapeScenes.questions(data.train().get(0))
        + ShapeScenes.inventory(data.train().get(0)) + "|" + GenericMixture.chat(seed + 1, genericItems).hashCode()
        + "|" + spec + "|" + mropeSection + "|" + visionWidth + "|" + merges + "|" + seed + "|" + imageSize + "|"
        + trainScenes + "|" + heldOutScenes + "|" + genericItems + "|" + baseSteps + "|" + baseLr + "|" + lora.rank()
        + "|" + lora.alpha() + "|" + new java.util.TreeSet<>(lora.targets()) + "|" + loraSteps + "|" + loraLr + "|"
        + batchSize;
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        b.append(String.format("%02x", d[i]));
      }
      return b.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
