package org.cegi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.cegi.model.GenerationListener;
import org.cegi.model.GenerationOptions;
import org.cegi.tasks.Generation;
import org.cegi.tasks.Prompt;

/**
 * A runtime whose generator answers from a script; it can "die" (an Error, like a killed process) after n requests.
 * It reports its first token (unless {@link #tellsFirstToken} is false) between {@link #prefillWork} and
 * {@link #decodeWork}, which tests use to advance a fake clock.
 */
final class ScriptedRuntime implements ModelRuntime {
  /** What a killed process looks like to the engine: not an exception it records, but the end. */
  static final class Killed extends Error {
    Killed() {
      super("killed");
    }
  }

  final Function<Prompt, String> answer;
  final boolean vision;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger loads = new AtomicInteger();
  int killAfter = Integer.MAX_VALUE;
  boolean tellsFirstToken = true;
  Runnable prefillWork = () -> {};
  Runnable decodeWork = () -> {};
  final AtomicInteger firstTokens = new AtomicInteger();

  ScriptedRuntime(Function<Prompt, String> answer, boolean vision) {
    this.answer = answer;
    this.vision = vision;
  }

  @Override
  public boolean acceptsImages(RunPlan.VariantSpec variant) {
    return vision;
  }

  @Override
  public void check(RunPlan.VariantSpec variant) {
    if (variant.fixture().equals("unknown-model")) {
      throw new IllegalArgumentException("no such fixture");
    }
  }

  @Override
  public LoadedModel load(RunPlan.VariantSpec variant) {
    loads.incrementAndGet();
    return new LoadedModel() {
      @Override
      public List<Generation> generate(List<Prompt> prompts, GenerationOptions options) {
        List<Generation> out = new ArrayList<>();
        for (Prompt p : prompts) {
          if (options.maxNewTokens() > 1 && requests.incrementAndGet() > killAfter) {
            throw new Killed();
          }
          String text = answer.apply(p);
          out.add(new Generation(text, p.userText().length() / 4, Math.max(1, text.length() / 4), 0.001, 0.002));
        }
        return out;
      }

      @Override
      public List<Generation> generate(List<Prompt> prompts, GenerationOptions options,
          GenerationListener listener) {
        prefillWork.run();
        if (tellsFirstToken) {
          firstTokens.incrementAndGet();
          listener.firstToken();
        }
        decodeWork.run();
        return generate(prompts, options);
      }

      @Override
      public boolean acceptsImages() {
        return vision;
      }

      @Override
      public String runtime() {
        return "scripted-fake";
      }

      @Override
      public void close() {}
    };
  }
}
