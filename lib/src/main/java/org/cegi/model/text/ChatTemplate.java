package org.cegi.model.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cegi.internal.Check;

/**
 * A model's own chat template (the Jinja {@code chat_template} of {@code tokenizer_config.json}), rendered as
 * transformers' {@code apply_chat_template(messages, add_generation_prompt=True)} renders it: the special tokens of
 * the tokenizer config as variables, {@code raise_exception}, {@code strftime_now}, trim_blocks and lstrip_blocks.
 *
 * <pre>{@code
 * ChatTemplate t = ChatTemplate.fromModelFolder(Path.of("models/qwen2.5-0.5b-instruct"));
 * String prompt = t.render(List.of(ChatMessage.user("Summarise: …")), true);
 * }</pre>
 */
public final class ChatTemplate {
  private final Jinja template;
  private final Map<String, Object> specialTokens;
  private final Supplier<LocalDateTime> clock;

  private ChatTemplate(Jinja template, Map<String, Object> specialTokens, Supplier<LocalDateTime> clock) {
    this.template = template;
    this.specialTokens = specialTokens;
    this.clock = clock;
  }

  /**
   * A template from its source.
   *
   * @param specialTokens variables such as {@code bos_token} and {@code eos_token}
   */
  public static ChatTemplate of(String source, Map<String, String> specialTokens) {
    Check.notNull("source", source);
    return new ChatTemplate(Jinja.parse("(inline)", source), new HashMap<>(specialTokens), LocalDateTime::now);
  }

  /** Reads {@code chat_template} and the special tokens from a model folder's {@code tokenizer_config.json}. */
  public static ChatTemplate fromModelFolder(Path dir) {
    Path file = dir.resolve("tokenizer_config.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Missing tokenizer_config.json in " + dir + ": copy it from the model's"
          + " Hugging Face repository; it holds the chat template.");
    }
    JsonObject cfg;
    try {
      cfg = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonElement t = cfg.get("chat_template");
    String source = null;
    if (t != null && t.isJsonPrimitive()) {
      source = t.getAsString();
    } else if (t != null && t.isJsonArray()) {
      for (JsonElement e : t.getAsJsonArray()) {
        if (e.getAsJsonObject().get("name").getAsString().equals("default")) {
          source = e.getAsJsonObject().get("template").getAsString();
        }
      }
    }
    Path jinja = dir.resolve("chat_template.jinja");
    if (source == null && Files.isRegularFile(jinja)) {
      try {
        source = Files.readString(jinja, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + jinja + ": " + e.getMessage(), e);
      }
    }
    if (source == null) {
      throw new IllegalArgumentException(file + " has no chat_template (nor is there a chat_template.jinja):"
          + " this is a base model without a chat format; give it plain prompts instead.");
    }
    Map<String, Object> specials = new HashMap<>();
    for (Map.Entry<String, JsonElement> e : cfg.entrySet()) {
      if (e.getKey().endsWith("_token")) {
        JsonElement v = e.getValue();
        if (v.isJsonPrimitive()) {
          specials.put(e.getKey(), v.getAsString());
        } else if (v.isJsonObject() && v.getAsJsonObject().has("content")) {
          specials.put(e.getKey(), v.getAsJsonObject().get("content").getAsString());
        } else if (v.isJsonNull()) {
          specials.put(e.getKey(), null);
        }
      }
    }
    return new ChatTemplate(Jinja.parse(file.toString(), source), specials, LocalDateTime::now);
  }

  /** The same template with a fixed clock for {@code strftime_now} (for reproducible prompts and tests). */
  public ChatTemplate withClock(Supplier<LocalDateTime> newClock) {
    return new ChatTemplate(template, specialTokens, Check.notNull("clock", newClock));
  }

  /** Renders the conversation; {@code addGenerationPrompt} appends the assistant header. */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return render(messages, addGenerationPrompt, Map.of());
  }

  /**
   * Renders with extra template variables (e.g. {@code date_string} for Llama 3.x, {@code tools} as a list of JSON
   * schemas, {@code enable_thinking}), which override the defaults ({@code tools} and {@code documents} are none
   * unless given, as in transformers); values are strings, numbers, booleans, nulls, lists and maps.
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
    Check.noNulls("messages", messages);
    List<Object> msgs = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("role", m.role());
      o.put("content", m.content());
      msgs.add(o);
    }
    Map<String, Object> vars = new HashMap<>(specialTokens);
    vars.put("messages", msgs);
    // transformers passes tools and documents as None when the caller gives none.
    vars.put("tools", null);
    vars.put("documents", null);
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.putAll(extra);
    return template.render(vars, clock);
  }
}
