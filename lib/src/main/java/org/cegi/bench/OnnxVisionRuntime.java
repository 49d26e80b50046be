package org.cegi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.ModelCatalog;
import org.cegi.model.ModelVariant;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.hub.HubClient;
import org.cegi.model.onnx.Device;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.vlm.OnnxVisionLm;
import org.cegi.model.vlm.VlmImage;
import org.cegi.tasks.Prompt;

/**
 * Vision-language models on ONNX Runtime ({@link OnnxVisionLm}, Qwen2-VL layout; plan {@code runtime: onnx-vl}):
 * the project fixture {@code tiny-qwen2-vl} (written below {@code fixturesDir} on first use), local folders and
 * vision catalog entries. Prompts with an image send it with the user turn; text-only prompts (summarization,
 * text-to-SQL) run on the same model without one.
 */
public final class OnnxVisionRuntime implements ModelRuntime {
  /** The fixture this runtime writes itself. */
  public static final String FIXTURE = "tiny-qwen2-vl";

  private final Path fixturesDir;
  private final Device device;

  /** Fixtures are written below {@code fixturesDir} ({@code build/fixtures} for the command line); CPU. */
  public OnnxVisionRuntime(Path fixturesDir) {
    this(fixturesDir, Device.CPU);
  }

  /**
   * Fixtures below {@code fixturesDir}, sessions on {@code device} ({@link Device#CUDA} fails at load, naming what is
   * missing, where it cannot run).
   */
  public OnnxVisionRuntime(Path fixturesDir, Device device) {
    this.fixturesDir = org.cegi.internal.Check.notNull("fixturesDir", fixturesDir);
    this.device = org.cegi.internal.Check.notNull("device", device);
  }

  @Override
  public boolean acceptsImages(RunPlan.VariantSpec variant) {
    return true;
  }

  @Override
  public void check(RunPlan.VariantSpec v) {
    device.problem().ifPresent(problem -> {
      throw new IllegalArgumentException("Variant " + v.name() + " cannot run on " + device.label() + ": " + problem);
    });
    Quantization q = Quantization.parse(v.quantization());
    if (!v.fixture().isBlank()) {
      if (!v.fixture().equalsIgnoreCase(FIXTURE)) {
        throw new IllegalArgumentException("Variant " + v.name() + ": unknown vision fixture " + v.fixture()
            + "; the vision runtime writes " + FIXTURE + " (text fixtures run with runtime: onnx).");
      }
      if (q != Quantization.FP32) {
        throw new IllegalArgumentException("Fixture variant " + v.name() + " is written in fp32 only by the run"
            + " engine; write other encodings with `cegi fixtures " + FIXTURE + " DIR --variants ...` and use"
            + " path: DIR.");
      }
    } else if (!v.path().isBlank()) {
      Path decoder = decoderFile(Path.of(v.path()), q);
      if (!Files.isRegularFile(decoder)) {
        throw new IllegalArgumentException("Variant " + v.name() + ": " + decoder + " does not exist. Put a"
            + " Qwen2-VL model in the onnx-community layout there (`cegi fixtures " + FIXTURE + " " + v.path()
            + "` writes a test model), or fix path/quantization.");
      }
    } else {
      ModelVariant mv = ModelCatalog.builtIn().get(v.catalog(), q);
      if (!mv.visionLanguage()) {
        throw new IllegalArgumentException("Variant " + v.name() + ": catalog entry " + v.catalog()
            + " is a text model; run it with runtime: onnx.");
      }
    }
  }

  private static Path decoderFile(Path dir, Quantization q) {
    String f = q.onnxFile();
    return dir.resolve("onnx").resolve("decoder_model_merged" + f.substring("model".length()));
  }

  @Override
  public LoadedModel load(RunPlan.VariantSpec v) {
    check(v);
    Quantization q = Quantization.parse(v.quantization());
    Path dir;
    if (!v.fixture().isBlank()) {
      dir = fixturesDir.resolve(FIXTURE);
      if (!Files.isRegularFile(decoderFile(dir, q))) {
        TinyQwen2Vl.create().writeTo(dir);
      }
    } else if (!v.path().isBlank()) {
      dir = Path.of(v.path());
    } else {
      dir = HubClient.builder().build().downloadModel(ModelCatalog.builtIn().get(v.catalog(), q));
    }
    int threads = v.threads() > 0 ? v.threads() : Runtime.getRuntime().availableProcessors();
    OnnxVisionLm vlm = OnnxVisionLm.load(dir, q, threads, device);
    return new OnnxLoadedModel("onnxruntime-vl", device, vlm) {
      @Override
      List<GenerationResult> results(List<Prompt> prompts, GenerationOptions options, GenerationListener listener) {
        List<List<ChatMessage>> convs = new ArrayList<>();
        List<List<VlmImage>> images = new ArrayList<>();
        for (Prompt p : prompts) {
          convs.add(p.messages());
          images.add(p.image().map(i -> List.of(VlmImage.of(i.decode(), i.source()))).orElse(List.of()));
        }
        return vlm.chatMixed(convs, images, options, listener);
      }
    };
  }

  @Override
  public String toString() {
    return "OnnxVisionRuntime(" + fixturesDir + ")";
  }
}
