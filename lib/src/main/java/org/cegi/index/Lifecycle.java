package org.cegi.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.cegi.carbon.Emissions;
import org.cegi.internal.Check;

/**
 * CEGI over a variant's life, beyond the paper: the emissions of fine-tuning plus those of serving N
 * requests, {@code E(N) = E_ft + N × e_req}, so that {@code CEGI(N) = E(N) / (G × T / 10^6)}.
 *
 * <pre>{@code
 * Lifecycle small = Lifecycle.of(Cegi.of("qwen", 1.2, 0.40, 0.55, 8_798_208), 2e-6);   // kg per request
 * Lifecycle large = Lifecycle.of(Cegi.of("llama-8b", 9.5, 0.40, 0.70, 41_943_040), 2.5e-5);
 * small.at(1_000_000);                          // a CegiResult after one million requests
 * Lifecycle.breakEven(small, large);            // where their CEGI curves cross, if they do
 * }</pre>
 *
 * @param fineTuning the CEGI of the fine-tuned variant; its emissions are those of fine-tuning
 * @param inferenceKgPerRequest emissions of serving one request, kg CO2e; finite and {@code >= 0}
 */
public record Lifecycle(CegiResult fineTuning, double inferenceKgPerRequest) {

  public Lifecycle {
    Check.notNull("fineTuning", fineTuning);
    Check.nonNegative("inference_kg_per_request", inferenceKgPerRequest);
  }

  /** @param inferenceKgPerRequest kg CO2e per request */
  public static Lifecycle of(CegiResult fineTuning, double inferenceKgPerRequest) {
    return new Lifecycle(fineTuning, inferenceKgPerRequest);
  }

  /** @param perRequest the emissions of one request (for example a measured batch divided by its size) */
  public static Lifecycle of(CegiResult fineTuning, Emissions perRequest) {
    Check.notNull("perRequest", perRequest);
    return new Lifecycle(fineTuning, perRequest.kilograms());
  }

  /** @return the variant's name */
  public String name() {
    return fineTuning.name();
  }

  /** @return fine-tuning plus {@code requests} requests of inference, kg CO2e */
  public double emissionsKgAt(long requests) {
    Check.nonNegative("requests", requests);
    return fineTuning.emissionsKg() + requests * inferenceKgPerRequest;
  }

  /** @return the CEGI result after {@code requests} requests (named "name @ N requests") */
  public CegiResult at(long requests) {
    return fineTuning.withEmissionsKg(emissionsKgAt(requests))
        .withName(String.format(Locale.ROOT, "%s @ %,d requests", name(), requests));
  }

  /** @return the CEGI after {@code requests} requests, in the result's unit; empty without gain */
  public OptionalDouble cegiAt(long requests) {
    return at(requests).value();
  }

  /** @return the CEGI results at each of the given request counts, in order */
  public List<CegiResult> curve(long... requests) {
    List<CegiResult> out = new ArrayList<>();
    for (long n : requests) {
      out.add(at(n));
    }
    return List.copyOf(out);
  }

  /** CEGI with E in kg at {@code n} requests, as a real function (denominator G × T / 1e6). */
  private double interceptKg() {
    return fineTuning.emissionsKg() / denominator();
  }

  private double slopeKg() {
    return inferenceKgPerRequest / denominator();
  }

  private double denominator() {
    return fineTuning.gainPercent().getAsDouble() * fineTuning.trainableParams() / 1e6;
  }

  /**
   * The number of requests at which two variants' CEGI curves cross. It exists only when both have a
   * gain, the curves are not parallel and they cross at {@code N >= 0}; otherwise the result says why.
   *
   * @throws IllegalArgumentException when the two use different gain conventions
   */
  public static BreakEven breakEven(Lifecycle a, Lifecycle b) {
    Check.notNull("a", a);
    Check.notNull("b", b);
    if (a.fineTuning.convention() != b.fineTuning.convention()) {
      throw new IllegalArgumentException("break-even needs one gain convention, got " + a.name() + "="
          + a.fineTuning.convention() + " and " + b.name() + "=" + b.fineTuning.convention()
          + "; compute both with the same GainConvention");
    }
    for (Lifecycle l : List.of(a, b)) {
      if (!l.fineTuning.hasValue()) {
        return new BreakEven(a, b, OptionalDouble.empty(),
            "no break-even: " + l.name() + " has no CEGI at any N (" + l.fineTuning.reason() + ")");
      }
    }
    double fa = a.interceptKg();
    double fb = b.interceptKg();
    double sa = a.slopeKg();
    double sb = b.slopeKg();
    if (sa == sb) {
      String why = fa == fb
          ? "no break-even: " + a.name() + " and " + b.name() + " have the same CEGI at every N"
          : "no break-even: the curves are parallel, " + (fa < fb ? a.name() : b.name())
              + " has the lower CEGI at every N";
      return new BreakEven(a, b, OptionalDouble.empty(), why);
    }
    double n = (fb - fa) / (sa - sb);
    if (n < 0 || !Double.isFinite(n)) {
      // Past the crossing point at every N >= 0: the one with the lower slope is lower throughout.
      String lower = sa < sb ? a.name() : b.name();
      return new BreakEven(a, b, OptionalDouble.empty(),
          "no break-even at N >= 0: " + lower + " has the lower CEGI at every number of requests");
    }
    String lowFirst = fa < fb ? a.name() : b.name();
    String lowAfter = sa < sb ? a.name() : b.name();
    return new BreakEven(a, b, OptionalDouble.of(n), String.format(Locale.ROOT,
        "break-even at N = %.6g requests: %s has the lower CEGI below it, %s above it", n, lowFirst, lowAfter));
  }
}
