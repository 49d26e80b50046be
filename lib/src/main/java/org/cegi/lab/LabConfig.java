package org.cegi.lab;

import org.cegi.model.lab.LoraConfig;
import org.cegi.internal.Check;
import org.cegi.model.fixtures.DecoderSpec;

/**
 * Everything that decides what the lab trains; its {@link #hash()} (with {@link Lab#VERSION}) names the output
 * folder, so a changed configuration or lab version trains afresh and an unchanged one reuses the artefacts.
 *
 * @param spec the decoder's architecture (Qwen2 family: q/k/v bias, tied embeddings)
 * @param merges BPE merges of the tokenizer fitted to the synthetic vocabulary
 * @param seed seed of data, weights and batches
 * @param heldOutShare share of text-to-SQL questions held out from training
 * @param baseItems generic chat items in the base mixture
 * @param summItems distinct summarization dialogues (training and held-out together)
 * @param baseSteps Adam steps of the base model (all weights)
 * @param baseLr peak learning rate of the base model
 * @param lora LoRA rank, alpha and target projections
 * @param loraSteps Adam steps of each task's LoRA fine-tuning (adapters only)
 * @param loraLr peak learning rate of the adapters
 * @param batchSize sequences per step
 * @param threads PyTorch and ONNX Runtime intra-op threads (PyTorch inter-op: 1)
 */
public record LabConfig(
    DecoderSpec spec,
    int merges,
    long seed,
    double heldOutShare,
    int baseItems,
    int summItems,
    int baseSteps,
    double baseLr,
    LoraConfig lora,
    int loraSteps,
    double loraLr,
    int batchSize,
    int threads) {

  public LabConfig {
    Check.notNull("spec", spec);
    if (!spec.family().equals("qwen2") || !spec.tieEmbeddings() || !spec.qkvBias()) {
      throw new IllegalArgumentException("the lab trains the qwen2 family (q/k/v bias, tied embeddings), got "
          + spec.family() + " tie=" + spec.tieEmbeddings() + " bias=" + spec.qkvBias());
    }
    Check.positive("merges", merges);
    Check.positive("base items", baseItems);
    Check.positive("summarization items", summItems);
    Check.positive("base steps", baseSteps);
    Check.positive("base learning rate", baseLr);
    Check.notNull("lora", lora);
    Check.positive("LoRA steps", loraSteps);
    Check.positive("LoRA learning rate", loraLr);
    Check.positive("batch size", batchSize);
    Check.positive("threads", threads);
  }

  /** The lab's decoder: hidden 128, 2 layers, 4 heads over 2 key/value heads, SwiGLU 256. */
  public static DecoderSpec labSpec() {
    return new DecoderSpec("qwen2", 128, 2, 4, 2, 256, 10_000.0, 1e-6, true, true, 256, 1L, 0.02);
  }

  /** The default lab (the main job's). */
  public static LabConfig defaults() {
    return new LabConfig(labSpec(), 1000, 42L, 0.2, 1500, 400, 600, 3e-3, LoraConfig.allLinear(8), 500, 3e-3, 32, 2);
  }

  /** A reduced lab for tests: fewer steps, same data and model. */
  public static LabConfig reduced() {
    return new LabConfig(labSpec(), 1000, 42L, 0.2, 600, 400, 250, 3e-3, LoraConfig.allLinear(8), 300, 3e-3, 24, 2);
  }

  public LabConfig withSteps(int newBaseSteps, int newLoraSteps) {
    return new LabConfig(spec, merges, seed, heldOutShare, baseItems, summItems, newBaseSteps, baseLr, lora,
        newLoraSteps, loraLr, batchSize, threads);
  }

  /** The same configuration on another number of threads (the hash, and so the run folder, stay the same). */
  public LabConfig withThreads(int newThreads) {
    return new LabConfig(spec, merges, seed, heldOutShare, baseItems, summItems, baseSteps, baseLr, lora, loraSteps,
        loraLr, batchSize, newThreads);
  }

  public LabConfig withLora(LoraConfig newLora) {
    return new LabConfig(spec, merges, seed, heldOutShare, baseItems, summItems, baseSteps, baseLr, newLora,
        loraSteps, loraLr, batchSize, threads);
  }

  private int prompts() {
    LabData d = LabData.generate(this);
    StringBuilder b = new StringBuilder();
    for (LabTask t : LabTask.values()) {
      for (org.cegi.tasks.TaskItem item : d.trainItems(t)) {
        b.append(t.task().prompt(item).messages()).append(t.reply(item));
      }
      b.append(d.heldOut(t));
    }
    return b.toString().hashCode();
  }

  /**
   * The compiled code that decides what the text lab trains and writes (data generators, trainer, ONNX writer,
   * tokenizer, the tasks' prompts): part of {@link #hash()}, so changed code trains afresh.
   */
  public static String codeFingerprint() {
    return org.cegi.internal.CodeFingerprint.of(Lab.class, LabData.class, LabTask.class, SqlTaskData.class,
        SummTaskData.class, GenericMixture.class, org.cegi.model.lab.DecoderTrainer.class,
        org.cegi.model.lab.TrainingSequence.class, LoraConfig.class, org.cegi.tasks.TextToSqlTask.class,
        org.cegi.tasks.SummarizationTask.class, org.cegi.tasks.Prompt.class).hex() + "+"
        + org.cegi.model.fixtures.TinyDecoder.writerFingerprint();
  }

  /**
   * Hex SHA-256 prefix of this configuration, the lab version, a fingerprint of the code that trains
   * ({@link #codeFingerprint()}) and of the generated data (so a change of the code or the data generators trains
   * afresh too); threads are excluded: they change no weight.
   */
  public String hash() {
    // the generated data and the prompts the tasks render for them (a changed template or system message retrains)
    SqlTaskData data = SqlTaskData.generate(seed, heldOutShare);
    String key = Lab.VERSION + "|" + codeFingerprint() + "|" + data.script().hashCode() + "|" + data.train().hashCode() + "|"
        + data.heldOut().hashCode() + "|" + prompts() + "|" + summItems + "|" + GenericMixture.chat(seed + 1, baseItems).hashCode() + "|" + spec + "|"
        + merges + "|" + seed + "|" + heldOutShare + "|" + baseItems + "|"
        + baseSteps + "|" + baseLr + "|" + lora.rank() + "|" + lora.alpha() + "|"
        + new java.util.TreeSet<>(lora.targets()) + "|" + loraSteps + "|" + loraLr + "|" + batchSize;
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
