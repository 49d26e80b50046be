package org.cegi.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cegi.model.CausalLm;
import org.cegi.model.Engine;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.GenerationStats;
import org.cegi.model.onnx.Device;
import org.cegi.model.onnx.OnnxCausalLm;
import org.cegi.model.text.ChatMessage;
import org.cegi.model.torchscript.TorchScriptCausalLm;
import org.cegi.model.vlm.OnnxVisionLm;
import org.cegi.model.vlm.VlmImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cegi generate --model DIR --prompt …}: generates with a model folder (ONNX on ONNX Runtime, or with
 * {@code --engine pytorch} its TorchScript export on DJL's PyTorch engine) and prints the text, tokens/s,
 * time to first token and the share of time spent outside the engine's session call. With {@code --image FILE} the
 * folder is a vision-language model (Qwen2-VL layout) and the prompt is a user turn about the image.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate text with a model folder (Hugging Face ONNX layout) and print speed figures.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "model folder (config.json, tokenizer.json, onnx/)")
  Path model;

  @Option(names = "--prompt", required = true, description = "the prompt text")
  String prompt;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "tokens to generate at most (default: ${DEFAULT-VALUE})")
  int maxNewTokens;

  @Option(names = "--batch", defaultValue = "1", description = "run the prompt this many times as one batch")
  int batch;

  @Option(names = "--onnx-file", defaultValue = "model.onnx", description = "file below onnx/ (model_int8.onnx, …)")
  String onnxFile;

  @Option(names = "--engine", defaultValue = "auto", description = "onnx (ONNX Runtime, onnx/ --onnx-file), pytorch"
      + " (TorchScript on DJL's PyTorch engine, torchscript/ --pt-file) or auto: onnx when the folder has the"
      + " ONNX file, else pytorch when it has the TorchScript file (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--pt-file", defaultValue = "model.pt", description = "file below torchscript/ (model_fp16.pt, …)")
  String ptFile;

  @Option(names = "--threads", description = "engine threads (default: all cores)")
  Integer threads;

  @Option(names = "--sample", description = "sample instead of greedy decoding")
  boolean sample;

  @Option(names = "--temperature", defaultValue = "1.0")
  double temperature;

  @Option(names = "--top-k", defaultValue = "0")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0")
  double topP;

  @Option(names = "--seed", defaultValue = "0")
  long seed;

  @Option(names = "--stop", description = "stop string (repeatable)")
  List<String> stops = new ArrayList<>();

  @Option(names = "--chat", description = "wrap the prompt as a user turn in the model's chat template")
  boolean chat;

  @Option(names = "--image", description = "image file (PNG, JPEG, BMP, GIF) or file: URL for a vision-language model;"
      + " the prompt becomes a user turn about it in the model's chat template")
  String image;

  @Option(names = "--warmup", defaultValue = "0", description = "untimed runs before the measured one")
  int warmup;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu (default) or cuda: ONNX Runtime's CUDA"
      + " provider, which needs the build with -Pgpu, an NVIDIA driver, CUDA 12 and cuDNN 9; fails saying which is"
      + " missing, never falls back to the CPU")
  Device device;

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
    }
    GenerationOptions options = GenerationOptions.builder().maxNewTokens(maxNewTokens).sample(sample)
        .temperature(temperature).topK(topK).topP(topP).seed(seed).stopStrings(stops).build();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (image != null) {
      return callVision(options, t);
    }
    Engine e = engine.equals("auto") ? (!java.nio.file.Files.exists(model.resolve("onnx").resolve(onnxFile))
        && java.nio.file.Files.exists(model.resolve("torchscript").resolve(ptFile)) ? Engine.PYTORCH
        : Engine.ONNX_RUNTIME) : engine(engine);
    if (e == Engine.PYTORCH && device != Device.CPU) {
      throw new IllegalArgumentException("--device " + device + " is for ONNX Runtime; the TorchScript route runs on"
          + " the CPU build of DJL's PyTorch engine: drop --device or use --engine onnx.");
    }
    try (CausalLm lm = e == Engine.PYTORCH ? TorchScriptCausalLm.load(model, ptFile, t)
        : OnnxCausalLm.load(model, onnxFile, t, device)) {
      List<String> prompts = Collections.nCopies(batch, prompt);
      List<List<ChatMessage>> chats = Collections.nCopies(batch, List.of(ChatMessage.user(prompt)));
      List<GenerationResult> results = null;
      for (int i = 0; i <= warmup; i++) {
        results = chat ? lm.chatBatch(chats, options) : lm.generate(prompts, options);
      }
      GenerationResult first = results.get(0);
      System.out.println(first.text());
      System.out.println(report(results));
    }
    return 0;
  }

  private int callVision(GenerationOptions options, int t) {
    VlmImage img = VlmImage.fromUrl(image);
    // --onnx-file names the encoding: model_q4.onnx or decoder_model_merged_q4.onnx both mean suffix "_q4".
    String f = onnxFile.endsWith(".onnx") ? onnxFile.substring(0, onnxFile.length() - 5) : onnxFile;
    String suffix = f.startsWith("decoder_model_merged") ? f.substring("decoder_model_merged".length())
        : f.startsWith("model") ? f.substring("model".length()) : f;
    try (OnnxVisionLm vlm = OnnxVisionLm.load(model, suffix, t, device)) {
      List<List<ChatMessage>> chats = Collections.nCopies(batch, List.of(ChatMessage.user(prompt)));
      List<VlmImage> images = Collections.nCopies(batch, img);
      List<GenerationResult> results = null;
      for (int i = 0; i <= warmup; i++) {
        results = vlm.chatBatch(chats, images, options);
      }
      System.out.println(results.get(0).text());
      System.out.println(report(results) + String.format(Locale.ROOT, " | image %dx%d",
          img.width(), img.height()));
    }
    return 0;
  }

  /** The engine an {@code --engine} value names: {@code onnx} or {@code pytorch}. */
  static Engine engine(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "onnx":
      case "onnxruntime":
      case "onnx_runtime":
        return Engine.ONNX_RUNTIME;
      case "pytorch":
      case "torchscript":
        return Engine.PYTORCH;
      default:
        throw new IllegalArgumentException("--engine " + name + " is not known: use onnx or pytorch.");
    }
  }

  static String report(List<GenerationResult> results) {
    GenerationStats s = results.get(0).stats();
    int tokens = 0;
    for (GenerationResult r : results) {
      tokens += r.stats().outputTokens();
    }
    double decodeS = 0;
    for (GenerationResult r : results) {
      decodeS = Math.max(decodeS, r.stats().decodeS());
    }
    double batchTokPerS = decodeS > 0 ? (tokens - results.size()) / decodeS : 0;
    return String.format(Locale.ROOT,
        "batch %d | prompt %d tokens | output %d tokens (%s) | TTFT %.1f ms | decode %.1f tok/s per request,"
            + " %.1f tok/s total | total %.3f s | engine %.3f s | outside engine %.1f %%",
        s.batchSize(), s.promptTokens(), s.outputTokens(), results.get(0).finishReason(),
        s.timeToFirstTokenS() * 1e3, s.decodeTokensPerS(), batchTokPerS, s.totalS(), s.engineS(),
        100 * s.outsideEngineShare());
  }
}
