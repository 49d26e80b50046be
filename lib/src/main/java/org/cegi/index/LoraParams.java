package org.cegi.index;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.cegi.internal.Check;

/**
 * Counts the trainable parameters T of a LoRA adapter, the T of CEGI.
 *
 * <p>LoRA adds two matrices, A ({@code r × in}) and B ({@code out × r}), to each targeted linear layer of
 * each decoder block: {@code r × (in + out)} parameters per layer and block.
 *
 * <pre>{@code
 * long t = LoraParams.count(ModelShape.fromConfig(Path.of("config.json")), 16, LoraTarget.ALL_LINEAR);
 * AdapterParams a = LoraParams.fromAdapter(Path.of("adapter/adapter_model.safetensors"));  // header only
 * }</pre>
 */
public final class LoraParams {
  private LoraParams() {}

  /**
   * Trainable parameters of a rank-{@code rank} LoRA adapter on the given modules of every layer.
   *
   * @throws IllegalArgumentException when the rank is not positive or no target is given
   */
  public static long count(ModelShape shape, int rank, Set<LoraTarget> targets) {
    return perModule(shape, rank, targets).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Like {@link #count(ModelShape, int, Set)}, from a {@code config.json} file. */
  public static long count(Path configJson, int rank, Set<LoraTarget> targets) {
    return count(ModelShape.fromConfig(configJson), rank, targets);
  }

  /** Trainable parameters per targeted module, summed over all layers, in module order. */
  public static Map<LoraTarget, Long> perModule(ModelShape shape, int rank, Set<LoraTarget> targets) {
    Check.notNull("shape", shape);
    if (rank <= 0) {
      throw new IllegalArgumentException("rank must be > 0, got " + rank + "; LoRA ranks are typically 8, 16 or 64");
    }
    Check.noNulls("targets", targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must name at least one module, got []; use LoraTarget.ALL_LINEAR");
    }
    Map<LoraTarget, Long> out = new EnumMap<>(LoraTarget.class);
    for (LoraTarget t : targets) {
      int[] d = shape.dims(t);
      out.put(t, (long) rank * (d[0] + d[1]) * shape.numHiddenLayers());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Counts the parameters stored in a PEFT adapter file by reading only its safetensors header: the sum
   * of the element counts of its {@code lora_A} and {@code lora_B} tensors (and LoRA embedding tensors).
   *
   * @throws IllegalArgumentException naming the file when it is not a valid safetensors file or holds no
   *     LoRA tensors
   */
  public static AdapterParams fromAdapter(Path adapterSafetensors) {
    SafetensorsHeader h = SafetensorsHeader.read(adapterSafetensors);
    long lora = 0;
    long other = 0;
    int loraTensors = 0;
    for (Map.Entry<String, SafetensorsHeader.Tensor> e : h.tensors().entrySet()) {
      if (isLora(e.getKey())) {
        lora += e.getValue().elementCount();
        loraTensors++;
      } else {
        other += e.getValue().elementCount();
      }
    }
    if (loraTensors == 0) {
      throw new IllegalArgumentException("Adapter file " + adapterSafetensors + " holds no lora_A/lora_B tensors ("
          + h.tensors().size() + " tensors, e.g. " + h.tensors().keySet().stream().limit(3).toList()
          + "); is it a PEFT LoRA adapter_model.safetensors?");
    }
    return new AdapterParams(adapterSafetensors.toString(), lora, loraTensors, other,
        h.tensors().size() - loraTensors);
  }

  static boolean isLora(String tensorName) {
    return tensorName.contains("lora_A") || tensorName.contains("lora_B")
        || tensorName.contains("lora_embedding_A") || tensorName.contains("lora_embedding_B");
  }
}
