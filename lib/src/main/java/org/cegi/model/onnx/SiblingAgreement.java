package org.cegi.model.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cegi.internal.Check;
import org.cegi.model.GenerationOptions;
import org.cegi.model.GenerationResult;
import org.cegi.model.Quantization;

/**
 * How closely a quantized sibling ({@code onnx/model_q4.onnx}, …) of a model folder follows its float32
 * {@code onnx/model.onnx}: greedy tokens and prompt-pass logits, measured by running both on ONNX Runtime.
 *
 * <pre>{@code
 * SiblingAgreement a = SiblingAgreement.measure(dir, Quantization.Q4, List.of("Hello"), 16, 1);
 * System.out.println(a.summary());
 * }</pre>
 *
 * @param quantization the sibling compared with fp32
 * @param prompts number of prompts
 * @param tokens greedy tokens generated per prompt by each model
 * @param top1Agreement share of prompt positions where the sibling's most likely next token (argmax of its
 *     logits, teacher-forced on the prompt) is fp32's, in [0, 1]
 * @param tokenAgreement share of the fp32 greedy tokens the sibling reproduces at the same position, in [0, 1]
 *     (free-running: one early difference changes the rest)
 * @param samePrefixTokens mean number of leading greedy tokens equal to fp32's (before the first difference)
 * @param maxAbsLogitError largest |logit - fp32 logit| over every prompt position and vocabulary entry
 * @param meanAbsLogitError mean |logit - fp32 logit| over the same values
 * @param logitStd standard deviation of the fp32 logits (the scale the errors compare with)
 */
public record SiblingAgreement(Quantization quantization, int prompts, int tokens, double top1Agreement,
    double tokenAgreement,
    double samePrefixTokens, double maxAbsLogitError, double meanAbsLogitError, double logitStd) {

  /**
   * Loads {@code onnx/model.onnx} and the sibling of {@code q} from {@code dir} and compares them on the prompts
   * (each encoded with the tokenizer's special tokens).
   *
   * @param tokens greedy tokens to generate per prompt (&gt; 0)
   * @param threads ONNX Runtime intra-op threads
   */
  public static SiblingAgreement measure(Path dir, Quantization q, List<String> prompts, int tokens, int threads) {
    Check.notNull("quantization", q);
    Check.noNulls("prompts", prompts);
    Check.positive("tokens", tokens);
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("prompts must not be empty: give at least one prompt to compare on");
    }
    GenerationOptions greedy = GenerationOptions.builder().maxNewTokens(tokens).stopStrings(List.of()).build();
    try (OnnxCausalLm ref = OnnxCausalLm.load(dir, Quantization.FP32.onnxFile(), threads);
        OnnxCausalLm sib = OnnxCausalLm.load(dir, q.onnxFile(), threads)) {
      long same = 0;
      long total = 0;
      double prefix = 0;
      double maxErr = 0;
      double sumErr = 0;
      double sum = 0;
      double sumSq = 0;
      long n = 0;
      long top1Same = 0;
      long positions = 0;
      for (String p : prompts) {
        long[] ids = ref.tokenizer().encode(p, true);
        float[][] a = promptLogits(ref.decoder(), ids);
        float[][] b = promptLogits(sib.decoder(), ids);
        for (int t = 0; t < a.length; t++) {
          top1Same += argMax(a[t]) == argMax(b[t]) ? 1 : 0;
          positions++;
          for (int v = 0; v < a[t].length; v++) {
            double e = Math.abs(a[t][v] - b[t][v]);
            maxErr = Math.max(maxErr, e);
            sumErr += e;
            sum += a[t][v];
            sumSq += (double) a[t][v] * a[t][v];
            n++;
          }
        }
        GenerationResult ra = ref.generateIds(List.of(ids), greedy).get(0);
        GenerationResult rb = sib.generateIds(List.of(ids), greedy).get(0);
        List<Long> ta = new ArrayList<>(ra.tokenIds());
        List<Long> tb = new ArrayList<>(rb.tokenIds());
        boolean stillSame = true;
        for (int i = 0; i < ta.size(); i++) {
          boolean eq = i < tb.size() && ta.get(i).equals(tb.get(i));
          same += eq ? 1 : 0;
          stillSame &= eq;
          prefix += stillSame ? 1 : 0;
        }
        total += ta.size();
      }
      double mean = sum / n;
      return new SiblingAgreement(q, prompts.size(), tokens, (double) top1Same / positions, total == 0 ? 1.0 : (double) same / total,
          prefix / prompts.size(), maxErr, sumErr / n, Math.sqrt(Math.max(0, sumSq / n - mean * mean)));
    }
  }

  private static int argMax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  private static float[][] promptLogits(OnnxDecoder d, long[] ids) {
    long[][] mask = new long[1][ids.length];
    long[][] pos = new long[1][ids.length];
    for (int i = 0; i < ids.length; i++) {
      mask[0][i] = 1;
      pos[0][i] = i;
    }
    try (OnnxDecoder.Cache empty = d.emptyCache(1);
        OnnxDecoder.Step s = d.forward(new long[][] {ids}, mask, pos, empty)) {
      float[][] out = new float[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        out[i] = s.logits(0, i);
      }
      return out;
    }
  }

  /** One line with every figure, e.g. for a log or a README table. */
  public String summary() {
    return String.format(Locale.ROOT, "%-6s top-1 on prompts %5.1f %%, %5.1f %% of %d greedy tokens equal fp32"
        + " (first %.1f per prompt), max |dlogit| %.4f, mean %.5f (fp32 logit std %.3f)", quantization.label(),
        100 * top1Agreement, 100 * tokenAgreement,
        prompts * tokens, samePrefixTokens, maxAbsLogitError, meanAbsLogitError, logitStd);
  }
}
