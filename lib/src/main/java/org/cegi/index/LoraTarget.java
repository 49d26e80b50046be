package org.cegi.index;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cegi.internal.Check;

/** A linear layer of a Llama/Qwen-style decoder block that LoRA can adapt, by its PEFT module name. */
public enum LoraTarget {
  Q_PROJ, K_PROJ, V_PROJ, O_PROJ, GATE_PROJ, UP_PROJ, DOWN_PROJ;

  /** Every linear layer of the block (PEFT's {@code "all-linear"} for these architectures). */
  public static final Set<LoraTarget> ALL_LINEAR = Collections.unmodifiableSet(EnumSet.allOf(LoraTarget.class));

  /** The attention projections only (q, k, v, o). */
  public static final Set<LoraTarget> ATTENTION =
      Collections.unmodifiableSet(EnumSet.of(Q_PROJ, K_PROJ, V_PROJ, O_PROJ));

  /** @return the PEFT module name, e.g. {@code "q_proj"} */
  public String moduleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a comma-separated list of module names ({@code "q_proj,v_proj"}), or {@code "all-linear"}
   * / {@code "all"} for every linear layer, or {@code "attention"}.
   *
   * @throws IllegalArgumentException naming the unknown module and the known ones
   */
  public static Set<LoraTarget> parse(String targets) {
    Check.nonBlank("targets", targets);
    String t = targets.strip().toLowerCase(Locale.ROOT);
    if (t.equals("all-linear") || t.equals("all_linear") || t.equals("all")) {
      return ALL_LINEAR;
    }
    if (t.equals("attention")) {
      return ATTENTION;
    }
    EnumSet<LoraTarget> out = EnumSet.noneOf(LoraTarget.class);
    for (String part : t.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      LoraTarget match = Stream.of(values()).filter(v -> v.moduleName().equals(p)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("targets: unknown module \"" + p + "\" in \""
              + targets + "\"; use module names from " + Stream.of(values()).map(LoraTarget::moduleName)
                  .collect(Collectors.joining(",")) + ", or all-linear"));
      out.add(match);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("targets must name at least one module, got \"" + targets + "\"");
    }
    return Collections.unmodifiableSet(out);
  }
}
