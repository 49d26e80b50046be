package org.cegi.index;

import org.cegi.internal.Check;

/**
 * The parameters stored in a PEFT adapter file, from its header.
 *
 * @param file the adapter file
 * @param loraParams elements of its LoRA tensors (lora_A, lora_B): the trainable parameters T
 * @param loraTensors how many LoRA tensors it holds
 * @param otherParams elements of its other tensors (for example fully trained modules saved alongside)
 * @param otherTensors how many other tensors it holds
 */
public record AdapterParams(String file, long loraParams, int loraTensors, long otherParams, int otherTensors) {
  public AdapterParams {
    Check.nonBlank("file", file);
    Check.nonNegative("lora_params", loraParams);
    Check.nonNegative("lora_tensors", loraTensors);
    Check.nonNegative("other_params", otherParams);
    Check.nonNegative("other_tensors", otherTensors);
  }

  /** @return every stored parameter, LoRA and other (what PEFT reports as trainable when modules are saved) */
  public long totalParams() {
    return loraParams + otherParams;
  }
}
