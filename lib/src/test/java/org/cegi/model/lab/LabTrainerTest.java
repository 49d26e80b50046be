package org.cegi.model.lab;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.fixtures.TinyDecoder;
import org.junit.jupiter.api.Test;

/** The DJL PyTorch trainer on a toy sequence set: engine loads offline, loss falls, LoRA counts and merges. */
class LabTrainerTest {
  private static final DecoderSpec SPEC =
      new DecoderSpec("qwen2", 32, 1, 2, 1, 64, 10_000.0, 1e-6, true, true, 64, 1L, 0.02);

  private static List<TrainingSequence> data() {
    List<TrainingSequence> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long[] ids = new long[12];
      boolean[] m = new boolean[12];
      for (int j = 0; j < ids.length; j++) {
        ids[j] = (i + j) % 20;
        m[j] = true;
      }
      out.add(new TrainingSequence(ids, m));
    }
    return out;
  }

  @Test
  void pytorchEngineLoadsOffline() {
    assertThat(DecoderTrainer.pytorch().getEngineName()).isEqualTo("PyTorch");
    assertThat(Engine.getEngine("PyTorch").getVersion()).startsWith("2.");
  }

  @Test
  void fullTrainingLowersTheLossAndLoraTrainsOnlyTheAdapter() {
    try (DecoderTrainer t = new DecoderTrainer(SPEC, 24, 23, 3L)) {
      double first = t.train(data(), 2, 8, 1e-2, i -> { });
      double later = t.train(data(), 60, 8, 1e-2, i -> { });
      assertThat(later).isLessThan(first * 0.5);
      TinyDecoder.Weights before = t.export();
      long n = t.addLora(new LoraConfig(4, 8, Set.of("q_proj", "v_proj")));
      // q: 32 -> 32, v: 32 -> 16 (one KV head of 16): 4 x (32 + 32) + 4 x (32 + 16)
      assertThat(n).isEqualTo(4L * (32 + 32) + 4L * (32 + 16));
      assertThat(t.export().arrays().get(3)).isEqualTo(before.arrays().get(3)); // B = 0: unchanged
      t.train(data(), 5, 8, 1e-2, i -> { });
      TinyDecoder.Weights after = t.export();
      assertThat(after.arrays().get(0)).isEqualTo(before.arrays().get(0));    // embeddings frozen
      assertThat(after.arrays().get(2)).isEqualTo(before.arrays().get(2));    // norms frozen
      assertThat(after.arrays().get(3)).isNotEqualTo(before.arrays().get(3)); // q_proj merged update
      assertThat(after.arrays().get(4)).isEqualTo(before.arrays().get(4));    // k_proj not targeted
    }
  }

  @Test
  void sameSeedAndThreadsGiveTheSameWeightsAndDroppingLoraRestoresTheBase() {
    List<float[]> first;
    // one intra-op thread: with two, PyTorch's CPU reductions may split work differently from run to run, and a CI
    // run saw the second trainer's LoRA weights differ in the last bits (README, lab: reproducibility)
    try (DecoderTrainer t = new DecoderTrainer(SPEC, 24, 23, 5L, 1)) {
      assertThat(DecoderTrainer.threads()).isEqualTo(1);
      t.train(data(), 20, 8, 1e-2, i -> { });
      TinyDecoder.Weights base = t.export();
      t.addLora(LoraConfig.allLinear(4));
      t.train(data(), 10, 8, 3e-3, i -> { });
      first = t.export().arrays();
      t.dropLora();
      assertThat(t.export().arrays()).containsExactlyElementsOf(base.arrays());
      t.addLora(LoraConfig.allLinear(4));   // a second task's adapters start from the same base
      assertThat(t.export().arrays()).containsExactlyElementsOf(base.arrays());
    }
    try (DecoderTrainer t = new DecoderTrainer(SPEC, 24, 23, 5L, 1)) {
      t.train(data(), 20, 8, 1e-2, i -> { });
      t.addLora(LoraConfig.allLinear(4));
      t.train(data(), 10, 8, 3e-3, i -> { });
      assertThat(t.export().arrays()).containsExactlyElementsOf(first);
    }
  }
}
