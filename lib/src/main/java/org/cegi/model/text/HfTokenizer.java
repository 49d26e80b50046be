package org.cegi.model.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face fast tokenizer read from a model folder's {@code tokenizer.json}, through DJL.
 *
 * <pre>{@code
 * try (HfTokenizer tok = HfTokenizer.load(Path.of("models/tiny-qwen2"))) {
 *   long[] ids = tok.encode("Hello world", false);
 *   String text = tok.decode(ids, true);
 * }
 * }</pre>
 */
public final class HfTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Path file;

  private HfTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
    this.tokenizer = tokenizer;
    this.file = file;
  }

  /** Loads {@code tokenizer.json} from a model folder (or the file itself). */
  public static HfTokenizer load(Path dirOrFile) {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("tokenizer.json") : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Missing tokenizer.json in " + dirOrFile
          + ": copy the tokenizer.json of the model's Hugging Face repository into the model folder.");
    }
    try {
      HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
      return new HfTokenizer(t, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read tokenizer " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Tokenizer " + file + " could not be parsed by the Hugging Face"
          + " tokenizers library: " + e.getMessage(), e);
    }
  }

  /** Token ids of a text; {@code addSpecialTokens} adds what the post-processor adds (e.g. BOS). */
  public long[] encode(String text, boolean addSpecialTokens) {
    return tokenizer.encode(text, addSpecialTokens, false).getIds();
  }

  /** Text of token ids. */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  /** Text of token ids. */
  public String decode(List<Long> ids, boolean skipSpecialTokens) {
    return decode(ids.stream().mapToLong(Long::longValue).toArray(), skipSpecialTokens);
  }

  /** The file it was read from. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
