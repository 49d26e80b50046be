package org.cegi.bench;

import org.cegi.tasks.Generator;

/**
 * Loads the plan's variants. The run engine asks it up front whether a variant can serve images (vision tasks
 * fail the plan before anything runs when it cannot), then loads each variant once, inside the {@code load}
 * window. {@link OnnxTextRuntime} serves text decoders; a vision-language runtime plugs in here.
 */
public interface ModelRuntime {
  /** A loaded variant: a {@link Generator} plus what the rows record about it. */
  interface LoadedModel extends Generator, AutoCloseable {
    /** The runtime label rows carry, e.g. {@code onnxruntime-text (DJL 0.33.0)}. */
    String runtime();

    /** Library versions rows carry, e.g. {@code djl=0.33.0;onnxruntime=1.20.0}. */
    default String libraries() {
      return "";
    }

    @Override
    void close();
  }

  /** Whether this runtime can serve prompts with images for the variant (checked before the run starts). */
  boolean acceptsImages(RunPlan.VariantSpec variant);

  /**
   * Checks up front that the variant can be loaded (known fixture, folder present, catalog id known).
   *
   * @throws IllegalArgumentException saying what is wrong and what to do
   */
  void check(RunPlan.VariantSpec variant);

  /** Loads a variant (the engine measures this as the {@code load} phase). */
  LoadedModel load(RunPlan.VariantSpec variant);
}
