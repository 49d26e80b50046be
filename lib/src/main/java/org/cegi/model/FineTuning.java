package org.cegi.model;

/** How a variant relates to its base model. */
public enum FineTuning {
  /** The published (instruction-tuned) model as released. */
  BASE,
  /** A checkpoint whose LoRA adapter was merged into the weights. */
  LORA_MERGED,
  /** A base model plus a separate adapter applied at load time. */
  ADAPTER
}
