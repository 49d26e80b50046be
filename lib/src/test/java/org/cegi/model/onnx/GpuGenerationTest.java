package org.cegi.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.vlm.OnnxVisionLm;
import org.cegi.model.vlm.VlmImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generation on ONNX Runtime's CUDA execution provider. Runs only where an NVIDIA driver is present and the GPU build
 * is on the class path: {@code mvn -Pgpu test -pl lib -Dcegi.excludedGroups= -Dtest=GpuGenerationTest}.
 */
@Tag("gpu")
class GpuGenerationTest {
  @TempDir Path tmp;

  @Test
  void generatesOnCudaAsOnTheCpu() {
    assertThat(Device.CUDA.problem()).as("CUDA provider in this ONNX Runtime build").isEmpty();
    Path dir = TinyDecoder.qwen2().variants(EnumSet.of(TinyDecoder.Variant.FP32, TinyDecoder.Variant.FP16))
        .writeTo(tmp.resolve("tiny-qwen2"));
    GenerationOptions greedy = GenerationOptions.builder().maxNewTokens(12).build();
    for (String file : List.of("model.onnx", "model_fp16.onnx")) {
      try (OnnxCausalLm cpu = OnnxCausalLm.load(dir, file, 2, Device.CPU);
          OnnxCausalLm gpu = OnnxCausalLm.load(dir, file, 2, Device.CUDA)) {
        GenerationResult g = gpu.generate("Hello world, the model", greedy);
        assertThat(g.tokenIds()).isNotEmpty().hasSizeLessThanOrEqualTo(12);
        if (file.equals("model.onnx")) {
          assertThat(g.tokenIds()).isEqualTo(cpu.generate("Hello world, the model", greedy).tokenIds());
        }
        List<GenerationResult> batch = gpu.generate(List.of("a", "Hello world, the model"), greedy);
        assertThat(batch.get(1).tokenIds()).isEqualTo(g.tokenIds());
      }
    }
  }

  @Test
  void visionLanguageModelRunsOnCuda() {
    Path dir = TinyQwen2Vl.create().writeTo(tmp.resolve("tiny-qwen2-vl"));
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    try (OnnxVisionLm vlm = OnnxVisionLm.load(dir, Quantization.FP32, 2, Device.CUDA)) {
      GenerationResult r = vlm.chat(List.of(ChatMessage.user("What is in the picture?")), VlmImage.of(img, "black"),
          GenerationOptions.builder().maxNewTokens(6).build());
      assertThat(r.tokenIds()).isNotEmpty().hasSizeLessThanOrEqualTo(6);
    }
  }
}
