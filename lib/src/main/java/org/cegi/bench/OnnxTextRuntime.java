package org.cegi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.ModelCatalog;
import org.cegi.model.ModelVariant;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.hub.HubClient;
import org.cegi.model.onnx.Device;
import org.cegi.model.onnx.OnnxCausalLm;
import org.cegi.model.text.ChatMessage;
import org.cegi.tasks.Prompt;

/**
 * Text decoders on ONNX Runtime ({@link OnnxCausalLm}, the model's own chat template): project fixtures
 * ({@code tiny-qwen2}, {@code tiny-llama}, written below {@code fixturesDir} on first use), local folders in the
 * Hugging Face ONNX layout, and catalog entries (downloaded into the Hub cache). Text only: prompts with an image
 * are refused.
 */
public final class OnnxTextRuntime implements ModelRuntime {
  private final Path fixturesDir;
  private final Device device;

  /** Fixtures are written below {@code fixturesDir} ({@code build/fixtures} for the command line); CPU. */
  public OnnxTextRuntime(Path fixturesDir) {
    this(fixturesDir, Device.CPU);
  }

  /**
   * Fixtures below {@code fixturesDir}, sessions on {@code device} ({@link Device#CUDA} fails at load, naming what is
   * missing, where it cannot run).
   */
  public OnnxTextRuntime(Path fixturesDir, Device device) {
    this.fixturesDir = org.cegi.internal.Check.notNull("fixturesDir", fixturesDir);
    this.device = org.cegi.internal.Check.notNull("device", device);
  }

  /**
   * {@code build/fixtures} of the project (the folder above {@code data/}, e.g. when a notebook runs in
   * {@code notebooks/}), else of the working directory.
   */
  public static Path defaultFixturesDir() {
    return org.cegi.internal.DataFiles.dataDir().map(d -> d.toAbsolutePath().getParent())
        .orElse(Path.of("")).resolve("build").resolve("fixtures");
  }

  @Override
  public boolean acceptsImages(RunPlan.VariantSpec variant) {
    return false;
  }

  @Override
  public void check(RunPlan.VariantSpec v) {
    device.problem().ifPresent(problem -> {
      throw new IllegalArgumentException("Variant " + v.name() + " cannot run on " + device.label() + ": " + problem);
    });
    if (!v.runtime().equalsIgnoreCase("onnx")) {
      throw new IllegalArgumentException("Variant " + v.name() + " asks for runtime " + v.runtime()
          + ", which the text runtime does not serve: use runtime: onnx for text decoders, runtime: onnx-vl for"
          + " vision-language models.");
    }
    Quantization q = Quantization.parse(v.quantization());
    if (!v.fixture().isBlank()) {
      TinyDecoder.named(v.fixture());
      if (q != Quantization.FP32) {
        throw new IllegalArgumentException("Fixture variant " + v.name() + " is written in fp32 only by the run"
            + " engine; write other encodings with `cegi fixtures " + v.fixture() + " DIR --variants ...` and use"
            + " path: DIR.");
      }
    } else if (!v.path().isBlank()) {
      Path dir = Path.of(v.path());
      if (!Files.isRegularFile(dir.resolve("onnx").resolve(q.onnxFile()))) {
        throw new IllegalArgumentException("Variant " + v.name() + ": " + dir.resolve("onnx").resolve(q.onnxFile())
            + " does not exist. Put a model in the Hugging Face ONNX layout there (`cegi fixtures tiny-qwen2 "
            + dir + "` writes a test model), or fix path/quantization.");
      }
    } else {
      ModelCatalog.builtIn().get(v.catalog(), q);
    }
  }

  @Override
  public LoadedModel load(RunPlan.VariantSpec v) {
    check(v);
    Quantization q = Quantization.parse(v.quantization());
    Path dir;
    if (!v.fixture().isBlank()) {
      dir = fixturesDir.resolve(v.fixture().toLowerCase(Locale.ROOT));
      if (!Files.isRegularFile(dir.resolve("onnx").resolve(q.onnxFile()))) {
        TinyDecoder.named(v.fixture()).writeTo(dir);
      }
    } else if (!v.path().isBlank()) {
      dir = Path.of(v.path());
    } else {
      ModelVariant mv = ModelCatalog.builtIn().get(v.catalog(), q);
      dir = HubClient.builder().build().downloadModel(mv);
    }
    int threads = v.threads() > 0 ? v.threads() : Runtime.getRuntime().availableProcessors();
    OnnxCausalLm lm = OnnxCausalLm.load(dir, q.onnxFile(), threads, device);
    return new OnnxLoadedModel("onnxruntime-text", device, lm) {
      @Override
      List<GenerationResult> results(List<Prompt> prompts, GenerationOptions options, GenerationListener listener) {
        List<List<ChatMessage>> convs = new ArrayList<>();
        for (Prompt p : prompts) {
          if (p.image().isPresent()) {
            throw new IllegalArgumentException("Variant " + v.name() + " runs on a text-only runtime and cannot"
                + " take the image of this prompt: run a vision-language model with runtime: onnx-vl.");
          }
          convs.add(p.messages());
        }
        return lm.chatBatch(convs, options, listener);
      }
    };
  }
}
