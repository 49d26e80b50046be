package org.cegi.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoraParamsTest {
  @TempDir Path tmp;

  static Path config(String name) {
    try {
      return Path.of(LoraParamsTest.class.getResource("configs/" + name + ".json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "qwen2.5-0.5b, 8798208",
    "llama-3.2-1b, 11272192",
    "llama-3.2-3b, 24313856",
    "llama-3.1-8b, 41943040",
  })
  void matchesKnownRank16CountsOnAllLinearLayers(String model, long expected) {
    assertThat(LoraParams.count(config(model), 16, LoraTarget.ALL_LINEAR)).isEqualTo(expected);
  }

  @Test
  void readsTheShapeAndDerivesHeadDimWhenAbsent() {
    ModelShape qwen = ModelShape.fromConfig(config("qwen2.5-0.5b"));
    assertThat(qwen).isEqualTo(new ModelShape(896, 4864, 14, 2, 64, 24));
    assertThat(qwen.dims(LoraTarget.K_PROJ)).containsExactly(896, 128);
    assertThat(qwen.dims(LoraTarget.DOWN_PROJ)).containsExactly(4864, 896);
    ModelShape l3b = ModelShape.fromConfig(config("llama-3.2-3b"));
    assertThat(l3b.headDim()).isEqualTo(128);
    assertThat(l3b.dims(LoraTarget.O_PROJ)).containsExactly(3072, 3072);
  }

  @Test
  void countsScaleWithRankAndTargets() {
    ModelShape qwen = ModelShape.fromConfig(config("qwen2.5-0.5b"));
    // q: 16 x (896 + 896), v: 16 x (896 + 128), per layer, 24 layers
    assertThat(LoraParams.count(qwen, 16, LoraTarget.parse("q_proj,v_proj")))
        .isEqualTo(24L * 16 * ((896 + 896) + (896 + 128)));
    assertThat(LoraParams.count(qwen, 8, LoraTarget.ALL_LINEAR)).isEqualTo(8798208 / 2);
    Map<LoraTarget, Long> per = LoraParams.perModule(qwen, 16, LoraTarget.ATTENTION);
    assertThat(per.keySet()).containsExactly(LoraTarget.Q_PROJ, LoraTarget.K_PROJ, LoraTarget.V_PROJ,
        LoraTarget.O_PROJ);
    assertThat(per.get(LoraTarget.K_PROJ)).isEqualTo(24L * 16 * (896 + 128));
  }

  @Test
  void readsVisionLanguageConfigsFromTextConfig() {
    ModelShape s = ModelShape.fromConfigJson("{\"model_type\":\"llava\",\"text_config\":{\"hidden_size\":64,"
        + "\"intermediate_size\":128,\"num_attention_heads\":4,\"num_hidden_layers\":2}}", "vlm.json");
    assertThat(s).isEqualTo(new ModelShape(64, 128, 4, 4, 16, 2));
  }

  @Test
  void rejectsBadConfigsAndArgumentsNamingThem() {
    assertThatThrownBy(() -> ModelShape.fromConfigJson("{\"hidden_size\": 896}", "cfg.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Model config cfg.json has no \"num_attention_heads\"");
    assertThatThrownBy(() -> ModelShape.fromConfigJson("{\"hidden_size\": 89.5, \"num_attention_heads\": 2,"
        + " \"intermediate_size\": 4, \"num_hidden_layers\": 1}", "cfg.json"))
        .hasMessageStartingWith("Model config cfg.json: \"hidden_size\" must be a positive whole number, got 89.5");
    assertThatThrownBy(() -> ModelShape.fromConfigJson("{oops", "cfg.json"))
        .hasMessageStartingWith("Model config cfg.json is not valid JSON");
    ModelShape qwen = ModelShape.fromConfig(config("qwen2.5-0.5b"));
    assertThatThrownBy(() -> LoraParams.count(qwen, 0, LoraTarget.ALL_LINEAR))
        .hasMessageStartingWith("rank must be > 0, got 0");
    assertThatThrownBy(() -> LoraParams.count(qwen, 16, Set.of()))
        .hasMessageStartingWith("targets must name at least one module, got []");
    assertThatThrownBy(() -> LoraTarget.parse("q_proj,qkv_proj"))
        .hasMessageStartingWith("targets: unknown module \"qkv_proj\" in \"q_proj,qkv_proj\"; use module names"
            + " from q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj");
  }

  @Test
  void countsAnAdapterFileFromItsHeaderOnlyAndAgreesWithTheConfig() throws Exception {
    ModelShape qwen = ModelShape.fromConfig(config("qwen2.5-0.5b"));
    Map<String, long[]> tensors = TestSafetensors.loraTensors(qwen, 16, TestSafetensors.all());
    Path file = TestSafetensors.write(tmp.resolve("adapter_model.safetensors"), tensors);
    AdapterParams a = LoraParams.fromAdapter(file);
    assertThat(a.loraParams()).isEqualTo(8_798_208L).isEqualTo(LoraParams.count(qwen, 16, LoraTarget.ALL_LINEAR));
    assertThat(a.loraTensors()).isEqualTo(24 * 7 * 2);
    assertThat(a.otherTensors()).isZero();
    assertThat(Files.size(file)).isGreaterThan(2 * 8_798_208L);
  }

  @Test
  void separatesLoraTensorsFromOtherSavedModules() {
    Map<String, long[]> tensors = new LinkedHashMap<>();
    tensors.put("base_model.model.layers.0.self_attn.q_proj.lora_A.weight", new long[] {4, 10});
    tensors.put("base_model.model.layers.0.self_attn.q_proj.lora_B.weight", new long[] {10, 4});
    tensors.put("base_model.model.lm_head.modules_to_save.weight", new long[] {3, 5});
    AdapterParams a = LoraParams.fromAdapter(TestSafetensors.write(tmp.resolve("a.safetensors"), tensors));
    assertThat(a.loraParams()).isEqualTo(80);
    assertThat(a.otherParams()).isEqualTo(15);
    assertThat(a.totalParams()).isEqualTo(95);
  }

  @Test
  void refusesAFileWithoutLoraTensors() {
    Path f = TestSafetensors.write(tmp.resolve("model.safetensors"), Map.of("lm_head.weight", new long[] {2, 2}));
    assertThatThrownBy(() -> LoraParams.fromAdapter(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Adapter file " + f + " holds no lora_A/lora_B tensors (1 tensors, e.g. [lm_head.weight]);"
            + " is it a PEFT LoRA adapter_model.safetensors?");
  }

  @Test
  void countsAnAdapterOnASubsetOfModulesAsWritten() {
    // A subset written to disk is counted as written, not as the config would predict for all modules.
    ModelShape qwen = ModelShape.fromConfig(config("qwen2.5-0.5b"));
    Path f = TestSafetensors.write(tmp.resolve("qv.safetensors"),
        TestSafetensors.loraTensors(qwen, 8, List.of(LoraTarget.Q_PROJ, LoraTarget.V_PROJ)));
    assertThat(LoraParams.fromAdapter(f).loraParams())
        .isEqualTo(LoraParams.count(qwen, 8, Set.of(LoraTarget.Q_PROJ, LoraTarget.V_PROJ)));
  }
}
