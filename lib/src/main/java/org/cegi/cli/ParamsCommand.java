package org.cegi.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cegi.index.AdapterParams;
import org.cegi.index.LoraParams;
import org.cegi.index.LoraTarget;
import org.cegi.index.ModelShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cegi params}: the trainable parameters of a LoRA adapter, from a model config or an adapter file. */
@Command(
    name = "params",
    mixinStandardHelpOptions = true,
    description = {
      "Count the trainable parameters T of a LoRA adapter (the T of CEGI).",
      "",
      "From a model's config.json:   cegi params --config config.json --rank 16 --targets all-linear",
      "From a PEFT adapter file:     cegi params --adapter adapter_model.safetensors",
      "A FILE argument is read by its name: *.safetensors as an adapter, anything else as a config;"
          + " a folder is searched for adapter_model.safetensors, then config.json.",
      "LoRA adds rank x (in + out) parameters to each targeted linear layer of each decoder block;"
          + " an adapter file is read by its header only (no weights are loaded)."
    })
public final class ParamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A config.json, an adapter .safetensors, or a folder.")
  Path file;

  @Option(names = "--config", paramLabel = "FILE", description = "The base model's config.json.")
  Path config;

  @Option(names = "--adapter", paramLabel = "FILE", description = "A PEFT adapter_model.safetensors.")
  Path adapter;

  @Option(names = {"-r", "--rank"}, defaultValue = "16", description = "LoRA rank r (default: ${DEFAULT-VALUE}).")
  int rank;

  @Option(names = {"-t", "--targets"}, defaultValue = "all-linear", paramLabel = "MODULES",
      description = "Comma-separated modules (q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj),"
          + " all-linear or attention (default: ${DEFAULT-VALUE}).")
  String targets;

  @Override
  public Integer call() {
    int given = (file == null ? 0 : 1) + (config == null ? 0 : 1) + (adapter == null ? 0 : 1);
    if (given != 1) {
      throw new IllegalArgumentException("give exactly one of --config FILE, --adapter FILE or a FILE argument"
          + (given == 0 ? "" : " (got " + given + ")") + "; see cegi params --help");
    }
    Path cfg = config;
    Path ad = adapter;
    if (file != null) {
      if (Files.isDirectory(file)) {
        if (Files.isRegularFile(file.resolve("adapter_model.safetensors"))) {
          ad = file.resolve("adapter_model.safetensors");
        } else if (Files.isRegularFile(file.resolve("config.json"))) {
          cfg = file.resolve("config.json");
        } else {
          throw new IllegalArgumentException("folder " + file + " holds neither adapter_model.safetensors nor"
              + " config.json; name the file with --adapter or --config");
        }
      } else if (file.getFileName().toString().endsWith(".safetensors")) {
        ad = file;
      } else {
        cfg = file;
      }
    }
    for (Path p : new Path[] {cfg, ad}) {
      if (p != null && !Files.isRegularFile(p)) {
        throw new IllegalArgumentException("file " + p + " does not exist or is not a file");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (ad != null) {
      AdapterParams a = LoraParams.fromAdapter(ad);
      out.printf(Locale.ROOT, "adapter           %s%n", a.file());
      out.printf(Locale.ROOT, "lora_tensors      %d%n", a.loraTensors());
      if (a.otherTensors() > 0) {
        out.printf(Locale.ROOT, "other_tensors     %d (%,d params, not counted as LoRA)%n", a.otherTensors(),
            a.otherParams());
      }
      out.printf(Locale.ROOT, "trainable_params  %d (%,d; %.2f M)%n", a.loraParams(), a.loraParams(),
          a.loraParams() / 1e6);
    } else {
      ModelShape shape = ModelShape.fromConfig(cfg);
      Set<LoraTarget> t = LoraTarget.parse(targets);
      Map<LoraTarget, Long> per = LoraParams.perModule(shape, rank, t);
      out.printf(Locale.ROOT, "config            %s%n", cfg);
      out.printf(Locale.ROOT, "shape             hidden %d, intermediate %d, heads %d, kv heads %d, head_dim %d,"
          + " layers %d%n", shape.hiddenSize(), shape.intermediateSize(), shape.numAttentionHeads(),
          shape.numKeyValueHeads(), shape.headDim(), shape.numHiddenLayers());
      out.printf(Locale.ROOT, "rank              %d%n", rank);
      out.printf(Locale.ROOT, "%-10s %7s %7s %14s %14s%n", "module", "in", "out", "per_layer", "all_layers");
      long total = 0;
      for (Map.Entry<LoraTarget, Long> e : per.entrySet()) {
        int[] d = shape.dims(e.getKey());
        out.printf(Locale.ROOT, "%-10s %7d %7d %,14d %,14d%n", e.getKey().moduleName(), d[0], d[1],
            e.getValue() / shape.numHiddenLayers(), e.getValue());
        total += e.getValue();
      }
      out.printf(Locale.ROOT, "trainable_params  %d (%,d; %.2f M)%n", total, total, total / 1e6);
    }
    out.flush();
    return 0;
  }
}
