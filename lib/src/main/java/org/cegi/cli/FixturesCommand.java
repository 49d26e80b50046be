package org.cegi.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.cegi.model.Quantization;
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

  @Option(names = "--variants", split = ",", defaultValue = "fp32",
      description = "weight encodings, comma-separated: fp32, fp16, int8, uint8, q8 (model_quantized.onnx), q4,"
          + " q4f16, bnb4, or all (default: ${DEFAULT-VALUE}; tiny-qwen2-vl: fp32, fp16, int8, q4)")
  List<String> variants;

  @Option(names = "--external-data-threshold", description = "initializer bytes above which each .onnx file keeps"
      + " its tensors in a .onnx_data file beside it (default: 1.8 GiB)")
  Long externalDataThreshold;


  @Option(names = "--torchscript", split = ",", arity = "0..1", fallbackValue = "FP32",
      description = "also write TorchScript exports of the same weights to torchscript/ (DJL's PyTorch engine):"
          + " ${COMPLETION-CANDIDATES}; the flag alone writes FP32")
  List<TorchScriptVariant> torchScript = new ArrayList<>();

  @Option(names = "--seed", description = "seed of the random weights (default: the fixture's own)")
  Long seed;

  @Override
  public Integer call() {
    EnumSet<Quantization> wanted = EnumSet.noneOf(Quantization.class);
    for (String label : variants) {
      if (label.trim().equalsIgnoreCase("all")) {
        wanted.addAll(EnumSet.allOf(Quantization.class));
      } else {
        wanted.add(Quantization.parse(label));
      }
    }
    if (name.equals("tiny-qwen2-vl")) {
      TinyQwen2Vl vl = TinyQwen2Vl.create();
      if (seed != null) {
        vl.seed(seed);
      }
      EnumSet<Variant> vlVariants = EnumSet.noneOf(Variant.class);
      for (Quantization q : wanted) {
        try {
          vlVariants.add(Variant.valueOf(q.name()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("tiny-qwen2-vl is written in fp32, fp16, int8 and q4 only, not "
              + q.label() + ": drop it from --variants", e);
        }
      }
      Path out = vl.variants(vlVariants).writeTo(dir);
      System.out.println("Wrote " + name + " (qwen2_vl, hidden " + vl.spec().hiddenSize() + ", " + vl.spec().layers()
          + " layers, vision width " + TinyQwen2Vl.VISION_WIDTH + "; " + vlVariants + ") to " + out.toAbsolutePath());
      return 0;
    }
    TinyDecoder fixture = TinyDecoder.named(name);
    if (seed != null) {
      fixture.seed(seed);
    }
    if (externalDataThreshold != null) {
      fixture.externalDataThreshold(externalDataThreshold);
    }
    Path out = fixture.quantizations(wanted).torchScript(
        torchScript.isEmpty() ? EnumSet.noneOf(TorchScriptVariant.class) : EnumSet.copyOf(torchScript)).writeTo(dir);
    System.out.println("Wrote " + name + " (" + fixture.spec().family() + ", hidden " + fixture.spec().hiddenSize()
        + ", " + fixture.spec().layers() + " layers; " + wanted.stream().map(Quantization::label).toList()
        + (torchScript.isEmpty() ? "" : "; TorchScript " + torchScript) + ") to " + out.toAbsolutePath());
    return 0;
  }
}
