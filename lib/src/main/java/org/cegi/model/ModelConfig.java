package org.cegi.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.internal.Check;

/**
 * The architecture numbers of a decoder-only model, read from its Hugging Face {@code config.json}, and the stop
 * tokens of its {@code generation_config.json}.
 *
 * <pre>{@code
 * ModelConfig c = ModelConfig.read(Path.of("models/qwen2.5-0.5b-instruct"));
 * int layers = c.layers();
 * }</pre>
 *
 * @param modelType {@code model_type} (e.g. {@code qwen2}, {@code llama})
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param kvHeads {@code num_key_value_heads} (equal to heads when absent)
 * @param headDim {@code head_dim} (hidden / heads when absent)
 * @param intermediateSize {@code intermediate_size} (MLP width)
 * @param tieWordEmbeddings {@code tie_word_embeddings} (true when absent)
 * @param eosTokenIds stop token ids: {@code generation_config.json}'s {@code eos_token_id}, else config's
 * @param padTokenId the pad id used for left padding ({@code pad_token_id}, else the first EOS id)
 */
public record ModelConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    boolean tieWordEmbeddings,
    List<Long> eosTokenIds,
    long padTokenId) {

  public ModelConfig {
    Check.nonBlank("model_type", modelType);
    Check.positive("vocab_size", vocabSize);
    Check.positive("hidden_size", hiddenSize);
    Check.positive("num_hidden_layers", layers);
    Check.positive("num_attention_heads", heads);
    Check.positive("num_key_value_heads", kvHeads);
    Check.positive("head_dim", headDim);
    Check.positive("intermediate_size", intermediateSize);
    eosTokenIds = List.copyOf(Check.noNulls("eos_token_id", eosTokenIds));
    Check.nonNegative("pad_token_id", padTokenId);
  }

  /** Reads {@code config.json} and (when present) {@code generation_config.json} from a model folder. */
  public static ModelConfig read(Path dir) {
    Path file = dir.resolve("config.json");
    JsonObject c = readJson(file);
    JsonObject gen = Files.isRegularFile(dir.resolve("generation_config.json"))
        ? readJson(dir.resolve("generation_config.json")) : new JsonObject();
    int hidden = intField(c, file, "hidden_size", -1);
    int heads = intField(c, file, "num_attention_heads", -1);
    List<Long> eos = ids(gen.get("eos_token_id"));
    if (eos.isEmpty()) {
      eos = ids(c.get("eos_token_id"));
    }
    long pad = -1;
    for (JsonObject o : List.of(gen, c)) {
      if (pad < 0 && o.has("pad_token_id") && !o.get("pad_token_id").isJsonNull()) {
        pad = o.get("pad_token_id").getAsLong();
      }
    }
    if (pad < 0) {
      pad = eos.isEmpty() ? 0 : eos.get(0);
    }
    String type = c.has("model_type") ? c.get("model_type").getAsString() : "";
    if (type.isBlank()) {
      throw new IllegalArgumentException(file + " has no model_type: is this a Hugging Face config.json?");
    }
    return new ModelConfig(type, intField(c, file, "vocab_size", -1), hidden,
        intField(c, file, "num_hidden_layers", -1), heads, intField(c, file, "num_key_value_heads", heads),
        intField(c, file, "head_dim", heads > 0 ? hidden / heads : -1), intField(c, file, "intermediate_size", -1),
        !c.has("tie_word_embeddings") || c.get("tie_word_embeddings").getAsBoolean(), eos, pad);
  }

  private static List<Long> ids(JsonElement e) {
    List<Long> out = new ArrayList<>();
    if (e == null || e.isJsonNull()) {
      return out;
    }
    if (e.isJsonArray()) {
      for (JsonElement x : (JsonArray) e) {
        out.add(x.getAsLong());
      }
    } else {
      out.add(e.getAsLong());
    }
    return out;
  }

  private static int intField(JsonObject o, Path file, String name, int fallback) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      if (fallback >= 0) {
        return fallback;
      }
      throw new IllegalArgumentException(file + " lacks \"" + name + "\": the model folder's config.json is"
          + " incomplete; copy the config.json of the model's Hugging Face repository.");
    }
    return e.getAsInt();
  }

  /** Parses a JSON object file; a missing or malformed file fails with a message naming it. */
  public static JsonObject readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Missing " + file.getFileName() + " in " + file.getParent()
          + ": a model folder needs config.json, generation_config.json, tokenizer.json,"
          + " tokenizer_config.json and onnx/model*.onnx (the Hugging Face ONNX layout).");
    }
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Malformed JSON in " + file + ": " + e.getMessage(), e);
    }
  }
}
