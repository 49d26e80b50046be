package org.cegi.model.lab;

import java.util.List;
import java.util.Set;
import org.cegi.internal.Check;

/**
 * LoRA settings: rank, scaling numerator alpha and the linear layers adapted (names as in Hugging Face PEFT:
 * {@code q_proj k_proj v_proj o_proj gate_proj up_proj down_proj}).
 *
 * @param rank r of the low-rank update {@code A [in, r] · B [r, out]}
 * @param alpha the update is scaled by {@code alpha / rank}
 * @param targets the adapted projections
 */
public record LoraConfig(int rank, double alpha, Set<String> targets) {
  /** The projections a target may name. */
  public static final List<String> MODULES =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  public LoraConfig {
    Check.positive("LoRA rank", rank);
    Check.positive("LoRA alpha", alpha);
    Check.noNulls("LoRA targets", targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("LoRA targets must name at least one of " + MODULES + ", got none");
    }
    for (String t : targets) {
      if (!MODULES.contains(t)) {
        throw new IllegalArgumentException("LoRA target " + t + " is not a projection of the decoder: use " + MODULES);
      }
    }
    targets = Set.copyOf(targets);
  }

  /** Rank {@code rank} on all seven linear layers, alpha = 2 × rank. */
  public static LoraConfig allLinear(int rank) {
    return new LoraConfig(rank, 2.0 * rank, Set.copyOf(MODULES));
  }
}
