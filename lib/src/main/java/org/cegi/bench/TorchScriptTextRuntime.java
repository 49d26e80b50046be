package org.cegi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.cegi.internal.Check;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationListener;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.torchscript.TorchScriptCausalLm;
import org.cegi.model.torchscript.TorchScriptDecoder;
import org.cegi.model.torchscript.TorchScriptVariant;
import org.cegi.tasks.Generation;
import org.cegi.tasks.Prompt;

/**
 * Text decoders as TorchScript on DJL's PyTorch engine ({@link TorchScriptCausalLm}, CPU, the model's own chat
 * template): plan entries with {@code runtime: torchscript}. Fixtures ({@code tiny-qwen2}, {@code tiny-llama}) are
 * written below {@code fixturesDir} on first use with their TorchScript export; {@code path:} folders need
 * {@code torchscript/model*.pt} (fp32, fp16, int8). The hub has no TorchScript exports, so catalog entries are refused.
 */
public final class TorchScriptTextRuntime implements ModelRuntime {
  private final Path fixturesDir;

  public TorchScriptTextRuntime(Path fixturesDir) {
    this.fixturesDir = Check.notNull("fixturesDir", fixturesDir);
  }

  @Override
  public boolean acceptsImages(RunPlan.VariantSpec variant) {
    return false;
  }

  private static String file(RunPlan.VariantSpec v) {
    Quantization q = Quantization.parse(v.quantization());
    return q.torchScriptFile().orElseThrow(() -> new IllegalArgumentException("Variant " + v.name() + " asks for "
        + q.label() + ", which the TorchScript route does not have: use fp32, fp16 or int8."));
  }

  @Override
  public void check(RunPlan.VariantSpec v) {
    if (!v.runtime().equalsIgnoreCase("torchscript")) {
      throw new IllegalArgumentException("Variant " + v.name() + " asks for runtime " + v.runtime()
          + ", which the TorchScript runtime does not serve.");
    }
    String f = file(v);
    if (!v.fixture().isBlank()) {
      TinyDecoder.named(v.fixture());
      if (!f.equals(TorchScriptVariant.FP32.fileName())) {
        throw new IllegalArgumentException("Fixture variant " + v.name() + " is written in fp32 only by the run"
            + " engine; write other encodings with `cegi fixtures " + v.fixture() + " DIR --torchscript FP16,INT8`"
            + " and use path: DIR.");
      }
    } else if (!v.path().isBlank()) {
      Path p = Path.of(v.path()).resolve("torchscript").resolve(f);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("Variant " + v.name() + ": " + p + " does not exist. Write a test model"
            + " with `cegi fixtures tiny-qwen2 " + v.path() + " --torchscript`, or fix path/quantization.");
      }
    } else {
      throw new IllegalArgumentException("Variant " + v.name() + " names catalog model " + v.catalog()
          + ", but the hub has no TorchScript exports: use runtime: onnx for it, or a path: folder with"
          + " torchscript/model.pt.");
    }
  }

  @Override
  public LoadedModel load(RunPlan.VariantSpec v) {
    check(v);
    Path dir;
    if (!v.fixture().isBlank()) {
      dir = fixturesDir.resolve(v.fixture().toLowerCase(Locale.ROOT) + "-torchscript");
      if (!Files.isRegularFile(dir.resolve("torchscript").resolve(TorchScriptVariant.FP32.fileName()))) {
        TinyDecoder.named(v.fixture()).torchScript(EnumSet.of(TorchScriptVariant.FP32)).writeTo(dir);
      }
    } else {
      dir = Path.of(v.path());
    }
    int threads = v.threads() > 0 ? v.threads() : Runtime.getRuntime().availableProcessors();
    TorchScriptCausalLm lm = TorchScriptCausalLm.load(dir, file(v), threads);
    String libraries = TorchScriptDecoder.engineVersions();
    return new LoadedModel() {
      @Override
      public List<Generation> generate(List<Prompt> prompts, GenerationOptions options) {
        return generate(prompts, options, GenerationListener.NONE);
      }

      @Override
      public List<Generation> generate(List<Prompt> prompts, GenerationOptions options,
          GenerationListener listener) {
        List<List<ChatMessage>> convs = new ArrayList<>();
        for (Prompt p : prompts) {
          if (p.image().isPresent()) {
            throw new IllegalArgumentException("Variant " + v.name() + " runs on a text-only runtime and cannot"
                + " take the image of this prompt: run a vision-language model with runtime: onnx-vl.");
          }
          convs.add(p.messages());
        }
        List<Generation> out = new ArrayList<>();
        for (var r : lm.chatBatch(convs, options, listener)) {
          out.add(Generation.of(r));
        }
        return out;
      }

      @Override
      public String runtime() {
        return "pytorch-torchscript";
      }

      @Override
      public String libraries() {
        return libraries;
      }

      @Override
      public void close() {
        lm.close();
      }
    };
  }
}
