package org.cegi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyDecoder.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  @TempDir Path dir;

  @Test
  void builtInHasThePapersFamiliesWithHubIdsAndFileNames() {
    ModelCatalog c = ModelCatalog.builtIn();
    ModelVariant q4 = c.get("qwen2.5-0.5b-instruct", Quantization.Q4);
    assertThat(q4.location().source()).isEqualTo("onnx-community/Qwen2.5-0.5B-Instruct");
    assertThat(q4.location().file()).isEqualTo("onnx/model_q4.onnx");
    assertThat(q4.label()).isEqualTo("qwen2.5-0.5b-instruct@q4");
    assertThat(c.get("llama-3.2-1b-instruct", Quantization.FP16).location().file()).isEqualTo("onnx/model_fp16.onnx");
    // Every transformers.js dtype resolves to its sibling file, q8 to model_quantized.onnx.
    assertThat(java.util.Arrays.stream(Quantization.values())
        .map(q -> c.get("qwen2.5-0.5b-instruct", q).location().file()).toList())
        .containsExactly("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_int8.onnx", "onnx/model_uint8.onnx",
            "onnx/model_quantized.onnx", "onnx/model_q4.onnx", "onnx/model_q4f16.onnx", "onnx/model_bnb4.onnx");
    assertThat(c.get("qwen2-vl-2b-instruct", Quantization.parse("quantized")).location().file())
        .isEqualTo("onnx/decoder_model_merged_quantized.onnx");
    assertThat(c.entries()).extracting(e -> e.base().id())
        .contains("qwen2.5-1.5b-instruct", "qwen2.5-3b-instruct", "qwen2.5-7b-instruct", "llama-3.2-3b-instruct");
    assertThatThrownBy(() -> c.get("gpt-5", Quantization.FP32))
        .hasMessageContaining("No model gpt-5 in the catalog; known: [qwen2-0.5b-instruct");
  }

  @Test
  void visionLanguageEntriesUseTheSplitFileNames() {
    ModelCatalog c = ModelCatalog.builtIn();
    ModelVariant q4 = c.get("qwen2-vl-2b-instruct", Quantization.Q4);
    assertThat(q4.location().source()).isEqualTo("onnx-community/Qwen2-VL-2B-Instruct");
    assertThat(q4.location().file()).isEqualTo("onnx/decoder_model_merged_q4.onnx");
    assertThat(q4.visionLanguage()).isTrue();
    assertThat(c.get("qwen2-vl-7b-instruct", Quantization.FP16).location().file())
        .isEqualTo("onnx/decoder_model_merged_fp16.onnx");
    assertThat(c.get("qwen2.5-0.5b-instruct", Quantization.Q4).visionLanguage()).isFalse();
    Path m = org.cegi.model.fixtures.TinyQwen2Vl.create().variants(EnumSet.of(Variant.FP32, Variant.INT8))
        .writeTo(dir.resolve("tiny-vl"));
    ModelCatalog.Entry e = ModelCatalog.builtIn().withFolder(m).find("tiny-vl").orElseThrow();
    assertThat(e.quantizations()).containsExactly(Quantization.FP32, Quantization.INT8);
    assertThat(e.base().family()).isEqualTo("qwen2_vl");
    assertThat(e.base().withQuantization(Quantization.INT8).location().file())
        .isEqualTo("onnx/decoder_model_merged_int8.onnx");
  }

  @Test
  void localFolderEntryListsTheFilesPresent() {
    Path m = TinyDecoder.qwen2().variants(EnumSet.of(Variant.FP32, Variant.Q4)).writeTo(dir.resolve("Tiny-Qwen2"));
    ModelCatalog c = ModelCatalog.builtIn().withFolder(m);
    ModelCatalog.Entry e = c.find("tiny-qwen2").orElseThrow();
    assertThat(e.quantizations()).containsExactly(Quantization.FP32, Quantization.Q4);
    assertThat(e.base().family()).isEqualTo("qwen2");
    assertThat(e.base().location().kind()).isEqualTo(ModelLocation.Kind.LOCAL);
    assertThatThrownBy(() -> c.get("tiny-qwen2", Quantization.INT8))
        .hasMessage("Model tiny-qwen2 has no int8 variant; it has [fp32, q4]");
    ModelConfig cfg = ModelConfig.read(m);
    // hidden 64, 2 layers, vocab V tied: V*64 + 2*(attn + mlp + norms) + final norm
    long attn = 64L * 64 + 2 * 64 * 32 + 64 * 64 + 64 + 2 * 32;
    long expected = cfg.vocabSize() * 64L + 2 * (attn + 3 * 64 * 128 + 2 * 64) + 64;
    assertThat(e.base().parameters()).isEqualTo(expected);
  }

  @Test
  void userEntriesFromAJsonFile() throws Exception {
    Path f = dir.resolve("models.json");
    Files.writeString(f, "{\"models\": [{\"id\": \"My-SQL\", \"family\": \"qwen2.5\", \"size\": \"0.5B\","
        + " \"parameters\": 494032768, \"path\": \"sql\", \"quantizations\": [\"fp32\", \"int8\"],"
        + " \"fine_tuning\": \"lora_merged\", \"task\": \"text-to-sql\"}]}");
    ModelVariant v = ModelCatalog.builtIn().withFile(f).get("my-sql", Quantization.INT8);
    assertThat(v.fineTuning()).isEqualTo(FineTuning.LORA_MERGED);
    assertThat(v.task()).isEqualTo("text-to-sql");
    assertThat(v.location().source()).isEqualTo(dir.resolve("sql").toString());
    assertThat(v.location().file()).isEqualTo("onnx/model_int8.onnx");
    Files.writeString(f, "{\"models\": [{\"id\": \"x\", \"family\": \"qwen2.5\", \"size\": \"1B\", \"parameters\": 5}]}");
    assertThatThrownBy(() -> ModelCatalog.builtIn().withFile(f))
        .hasMessage(f + " models[0] needs \"path\" (a local folder) or \"hub\" (org/name)");
  }

  @Test
  void variantsValidate() {
    assertThatThrownBy(() -> ModelLocation.hub("not a repo", "onnx/model.onnx"))
        .hasMessage("Hub repository id must look like org/name, got not a repo");
    assertThatThrownBy(() -> Quantization.parse("int3"))
        .hasMessageContaining("Unknown quantization int3");
  }
}
