package org.cegi.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.fixtures.TinyQwen2Vl;
import org.cegi.model.fixtures.TinyDecoder.Variant;
import org.cegi.model.torchscript.TorchScriptVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cegi fixtures tiny-qwen2 DIR}: writes a random-weight model folder in the Hugging Face ONNX layout;
 * {@code tiny-qwen2-vl} writes a vision-language model in the onnx-community Qwen2-VL layout.
 */
@Command(
    name = "fixtures",
    mixinStandardHelpOptions = true,
    description = "Write a random-weight model in the Hugging Face ONNX layout (tiny-qwen2, tiny-llama, bench-qwen2, tiny-qwen2-vl).")
public final class FixturesCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "tiny-qwen2, tiny-llama, bench-qwen2 (hidden 512, 8 layers) or tiny-qwen2-vl")
  String name;

  @Parameters(index = "1", description = "folder to write")
  Path dir;

  @Option(names = "--variants", split = ",", defaultValue = "FP32",
      description = "weight encodings: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  List<Variant> variants;

  @Option(names = "--torchscript", split = ",", arity = "0..1", fallbackValue = "FP32",
      description = "also write TorchScript exports of the same weights to torchscript/ (DJL's PyTorch engine):"
          + " ${COMPLETION-CANDIDATES}; the flag alone writes FP32")
  List<TorchScriptVariant> torchScript = new ArrayList<>();

  @Option(names = "--seed", description = "seed of the random weights (default: the fixture's own)")
  Long seed;

  @Override
  public Integer call() {
    if (name.equals("tiny-qwen2-vl")) {
      TinyQwen2Vl vl = TinyQwen2Vl.create();
      if (seed != null) {
        vl.seed(seed);
      }
      Path out = vl.variants(EnumSet.copyOf(variants)).writeTo(dir);
      System.out.println("Wrote " + name + " (qwen2_vl, hidden " + vl.spec().hiddenSize() + ", " + vl.spec().layers()
          + " layers, vision width " + TinyQwen2Vl.VISION_WIDTH + "; " + variants + ") to " + out.toAbsolutePath());
      return 0;
    }
    TinyDecoder fixture = TinyDecoder.named(name);
    if (seed != null) {
      fixture.seed(seed);
    }
    Path out = fixture.variants(EnumSet.copyOf(variants)).torchScript(
        torchScript.isEmpty() ? EnumSet.noneOf(TorchScriptVariant.class) : EnumSet.copyOf(torchScript)).writeTo(dir);
    System.out.println("Wrote " + name + " (" + fixture.spec().family() + ", hidden " + fixture.spec().hiddenSize()
        + ", " + fixture.spec().layers() + " layers; " + variants
        + (torchScript.isEmpty() ? "" : "; TorchScript " + torchScript) + ") to " + out.toAbsolutePath());
    return 0;
  }
}
