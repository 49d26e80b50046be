package org.cegi.index;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cegi.internal.Check;

/**
 * The dimensions of a decoder-only transformer that decide the size of its LoRA adapters, as read from a
 * Hugging Face {@code config.json}.
 *
 * <pre>{@code
 * ModelShape qwen = ModelShape.fromConfig(Path.of("Qwen2.5-0.5B/config.json"));
 * long t = LoraParams.count(qwen, 16, LoraTarget.ALL_LINEAR);      // 8,798,208
 * }</pre>
 *
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size} (the MLP width)
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads} (equal to the attention heads without grouped-query attention)
 * @param headDim {@code head_dim}, or {@code hidden_size / num_attention_heads} when the config has none
 * @param numHiddenLayers {@code num_hidden_layers}
 */
public record ModelShape(
    int hiddenSize, int intermediateSize, int numAttentionHeads, int numKeyValueHeads, int headDim,
    int numHiddenLayers) {

  public ModelShape {
    Check.positive("hidden_size", hiddenSize);
    Check.positive("intermediate_size", intermediateSize);
    Check.positive("num_attention_heads", numAttentionHeads);
    Check.positive("num_key_value_heads", numKeyValueHeads);
    Check.positive("head_dim", headDim);
    Check.positive("num_hidden_layers", numHiddenLayers);
  }

  /** Reads a model's {@code config.json} (for vision-language models, its {@code text_config}). */
  public static ModelShape fromConfig(Path configJson) {
    Check.notNull("configJson", configJson);
    String text;
    try {
      text = Files.readString(configJson, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model config " + configJson + ": " + e.getMessage(), e);
    }
    return fromConfigJson(text, configJson.toString());
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param origin where the text comes from, for error messages
   * @throws IllegalArgumentException naming the origin and the missing or invalid field
   */
  public static ModelShape fromConfigJson(String json, String origin) {
    Check.notNull("json", json);
    Check.nonBlank("origin", origin);
    JsonObject root;
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException("Model config " + origin + " is not a JSON object");
      }
      root = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("Model config " + origin + " is not valid JSON: " + e.getMessage(), e);
    }
    JsonObject c = root;
    if (!root.has("hidden_size") && root.has("text_config") && root.get("text_config").isJsonObject()) {
      c = root.getAsJsonObject("text_config");
      origin = origin + " (text_config)";
    }
    int hidden = intField(c, "hidden_size", origin);
    int heads = intField(c, "num_attention_heads", origin);
    int kv = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isJsonNull()
        ? intField(c, "num_key_value_heads", origin) : heads;
    int headDim;
    if (c.has("head_dim") && !c.get("head_dim").isJsonNull()) {
      headDim = intField(c, "head_dim", origin);
    } else {
      if (hidden % heads != 0) {
        throw new IllegalArgumentException("Model config " + origin + " has no head_dim and hidden_size "
            + hidden + " is not a multiple of num_attention_heads " + heads + "; add head_dim to the config");
      }
      headDim = hidden / heads;
    }
    return new ModelShape(hidden, intField(c, "intermediate_size", origin), heads, kv, headDim,
        intField(c, "num_hidden_layers", origin));
  }

  private static int intField(JsonObject c, String field, String origin) {
    JsonElement e = c.get(field);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException("Model config " + origin + " has no \"" + field
          + "\"; LoRA parameter counting needs hidden_size, intermediate_size, num_attention_heads and"
          + " num_hidden_layers (num_key_value_heads and head_dim are optional)");
    }
    try {
      double d = e.getAsDouble();
      if (d != Math.rint(d) || d <= 0 || d > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) d;
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException("Model config " + origin + ": \"" + field
          + "\" must be a positive whole number, got " + e, ex);
    }
  }

  /** @return the input and output width of a targeted linear layer, {@code [in, out]} */
  public int[] dims(LoraTarget target) {
    int q = numAttentionHeads * headDim;
    int kvOut = numKeyValueHeads * headDim;
    return switch (target) {
      case Q_PROJ -> new int[] {hiddenSize, q};
      case K_PROJ, V_PROJ -> new int[] {hiddenSize, kvOut};
      case O_PROJ -> new int[] {q, hiddenSize};
      case GATE_PROJ, UP_PROJ -> new int[] {hiddenSize, intermediateSize};
      case DOWN_PROJ -> new int[] {intermediateSize, hiddenSize};
    };
  }
}
