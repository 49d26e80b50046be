package org.cegi.model.lab;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.model.ModelConfig;
import org.cegi.model.fixtures.DecoderSpec;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.onnx.OnnxDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX file written from trained (LoRA-merged) weights computes the logits the DJL trainer computes. */
class LabExportParityTest {
  @TempDir Path tmp;

  @Test
  void onnxLogitsMatchTheTrainersForward() {
    DecoderSpec spec = new DecoderSpec("qwen2", 64, 2, 4, 2, 128, 10_000.0, 1e-6, true, true, 64, 1L, 0.02);
    TinyDecoder writer = TinyDecoder.of(spec).merges(16).tokenizerCorpus(" select name from employees");
    int vocab = writer.vocabSize();
    List<TrainingSequence> data = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long[] ids = {1 + i, 40 + i, 70, 99 + i, 5, 6, 7, 8};
      boolean[] m = new boolean[ids.length];
      java.util.Arrays.fill(m, true);
      data.add(new TrainingSequence(ids, m));
    }
    long[] probe = {3, 41, 70, 101, 5, 6};
    float[] djl;
    try (DecoderTrainer t = new DecoderTrainer(spec, vocab, 0, 5L)) {
      t.train(data, 10, 4, 1e-2, i -> { });
      t.addLora(LoraConfig.allLinear(4));
      t.train(data, 10, 4, 1e-2, i -> { });
      try (NDManager m = DecoderTrainer.pytorch().newBaseManager()) {
        NDArray logits = t.forward(m, m.create(probe, new Shape(1, probe.length)), probe.length);
        djl = logits.toFloatArray();
      }
      writer.weights(t.export()).variants(java.util.EnumSet.of(TinyDecoder.Variant.FP32)).writeTo(tmp.resolve("m"));
    }
    ModelConfig config = ModelConfig.read(tmp.resolve("m"));
    try (OnnxDecoder d = OnnxDecoder.open(tmp.resolve("m/onnx/model.onnx"), config, 1)) {
      long[][] ids = {probe};
      long[][] mask = {{1, 1, 1, 1, 1, 1}};
      long[][] pos = {{0, 1, 2, 3, 4, 5}};
      try (OnnxDecoder.Cache c = d.emptyCache(1); OnnxDecoder.Step s = d.forward(ids, mask, pos, c)) {
        for (int p = 0; p < probe.length; p++) {
          float[] onnx = s.logits(0, p);
          for (int v = 0; v < vocab; v++) {
            assertThat(onnx[v]).as("position %d token %d", p, v)
                .isCloseTo(djl[p * vocab + v], org.assertj.core.data.Offset.offset(2e-3f));
          }
        }
      }
    }
  }
}
