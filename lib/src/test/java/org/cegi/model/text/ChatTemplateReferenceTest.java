package org.cegi.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders real chat templates (Qwen2.5, Qwen3, Qwen3.5, Llama 3.1/3.2, SmolLM3, Phi-3.5, Mistral Nemo, Granite 3.3,
 * gpt-oss, Seed-OSS) and feature templates (macros, call blocks, block set, {@code %} formatting, …) and compares
 * them with Jinja2's renders in {@code chat-templates/reference-renders.json}, written by
 * {@code render_reference.py} with transformers' settings.
 */
class ChatTemplateReferenceTest {
  static final LocalDateTime NOW = LocalDateTime.of(2024, 7, 26, 14, 5, 9);

  private static String resource(String name) {
    try (InputStream in = ChatTemplateReferenceTest.class.getResourceAsStream("/chat-templates/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource chat-templates/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<JsonObject> cases() {
    JsonObject doc = JsonParser.parseString(resource("reference-renders.json")).getAsJsonObject();
    List<JsonObject> out = new ArrayList<>();
    doc.getAsJsonArray("cases").forEach(c -> out.add(c.getAsJsonObject()));
    return out.stream();
  }

  /** JSON as the template sees Python values: integral numbers are ints. */
  static Object value(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      for (JsonElement x : (JsonArray) e) {
        l.add(value(x));
      }
      return l;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), value(x.getValue())));
      return m;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      String s = p.getAsString();
      return s.contains(".") || s.contains("e") || s.contains("E") ? (Object) p.getAsDouble() : (Object) p.getAsLong();
    }
    return p.getAsString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsJinja2Does(JsonObject c) {
    String template = c.get("template").getAsString();
    String source = template.equals("inline") ? c.get("source").getAsString() : resource(template);
    Map<String, String> specials = new LinkedHashMap<>();
    c.getAsJsonObject("special_tokens").entrySet().forEach(e -> specials.put(e.getKey(), e.getValue().getAsString()));
    @SuppressWarnings("unchecked")
    Map<String, Object> extra = new LinkedHashMap<>((Map<String, Object>) value(c.getAsJsonObject("extra")));
    extra.put("messages", value(c.get("messages")));
    ChatTemplate t = ChatTemplate.of(source, specials).withClock(() -> NOW);
    assertThat(t.render(List.of(), c.get("add_generation_prompt").getAsBoolean(), extra))
        .as(c.get("name").getAsString())
        .isEqualTo(c.get("expected").getAsString());
  }
}
