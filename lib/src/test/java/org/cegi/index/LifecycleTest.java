package org.cegi.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.energy.Energy;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  // Same gain (25 %) and T = 1e6 for both, so the denominator is 25 and the curves are E(N) / 25.
  private static final CegiResult SMALL = Cegi.of("small", 1.0, 0.40, 0.50, 1_000_000);
  private static final CegiResult LARGE = Cegi.of("large", 0.2, 0.40, 0.50, 1_000_000);

  @Test
  void addsInferenceEmissionsPerRequest() {
    Lifecycle l = Lifecycle.of(SMALL, 1e-4);
    assertThat(l.emissionsKgAt(0)).isEqualTo(1.0);
    assertThat(l.emissionsKgAt(10_000)).isCloseTo(2.0, within(1e-12));
    assertThat(l.cegiAt(10_000).getAsDouble()).isCloseTo(2.0 / 25, within(1e-12));
    assertThat(l.at(10_000).name()).isEqualTo("small @ 10,000 requests");
    assertThat(l.curve(0, 10_000, 20_000)).extracting(r -> r.value().getAsDouble())
        .containsExactly(1.0 / 25, 2.0 / 25, 3.0 / 25);
    Lifecycle measured = Lifecycle.of(SMALL,
        Emissions.of(Energy.ofWattHours(1), CarbonIntensity.explicit(400, "lab")));    // 0.4 g per request
    assertThat(measured.inferenceKgPerRequest()).isCloseTo(4e-4, within(1e-15));
  }

  @Test
  void findsWhereTheCurvesCross() {
    // small: 1.0 + 1e-6 N, large: 0.2 + 5e-6 N  ->  equal at N = 0.8 / 4e-6 = 200,000
    BreakEven b = Lifecycle.breakEven(Lifecycle.of(SMALL, 1e-6), Lifecycle.of(LARGE, 5e-6));
    assertThat(b.exists()).isTrue();
    assertThat(b.requests().getAsDouble()).isCloseTo(200_000, within(1e-6));
    assertThat(b.firstWholeRequests().getAsLong()).isEqualTo(200_000);
    assertThat(b.explanation()).isEqualTo(
        "break-even at N = 200000 requests: large has the lower CEGI below it, small above it");
    Lifecycle s = Lifecycle.of(SMALL, 1e-6);
    Lifecycle l = Lifecycle.of(LARGE, 5e-6);
    assertThat(s.cegiAt(199_000).getAsDouble()).isGreaterThan(l.cegiAt(199_000).getAsDouble());
    assertThat(s.cegiAt(201_000).getAsDouble()).isLessThan(l.cegiAt(201_000).getAsDouble());
  }

  @Test
  void accountsForDifferentGainsAndParameters() {
    CegiResult a = Cegi.of("a", 2.0, 0.40, 0.60, 2_000_000);   // gain 50 %, denominator 100: 0.02 + 1e-7 N
    CegiResult b = Cegi.of("b", 1.0, 0.40, 0.50, 1_000_000);   // gain 25 %, denominator 25:  0.04 + 4e-8 N
    BreakEven x = Lifecycle.breakEven(Lifecycle.of(a, 1e-5), Lifecycle.of(b, 1e-6));
    assertThat(x.requests().getAsDouble()).isCloseTo(0.02 / 6e-8, within(1e-6));
    assertThat(x.firstWholeRequests().getAsLong()).isEqualTo(333_334);
    assertThat(x.explanation()).startsWith("break-even at N = 333333 requests: a has the lower CEGI below it, b");
    // b costlier to serve too (0.04 + 4e-7 N): a is lower for every N >= 0.
    BreakEven none = Lifecycle.breakEven(Lifecycle.of(a, 1e-5), Lifecycle.of(b, 1e-5));
    assertThat(none.exists()).isFalse();
    assertThat(none.explanation()).isEqualTo("no break-even at N >= 0: a has the lower CEGI at every number of requests");
  }

  @Test
  void saysWhenThereIsNoBreakEven() {
    BreakEven parallel = Lifecycle.breakEven(Lifecycle.of(SMALL, 1e-6), Lifecycle.of(LARGE, 1e-6));
    assertThat(parallel.exists()).isFalse();
    assertThat(parallel.explanation()).isEqualTo("no break-even: the curves are parallel, large has the lower CEGI at every N");
    BreakEven same = Lifecycle.breakEven(Lifecycle.of(SMALL, 1e-6), Lifecycle.of(SMALL.withName("twin"), 1e-6));
    assertThat(same.explanation()).isEqualTo("no break-even: small and twin have the same CEGI at every N");
    BreakEven dominated = Lifecycle.breakEven(Lifecycle.of(SMALL, 5e-6), Lifecycle.of(LARGE, 1e-6));
    assertThat(dominated.requests()).isEmpty();
    assertThat(dominated.explanation()).isEqualTo("no break-even at N >= 0: large has the lower CEGI at every number of requests");
    BreakEven noGain = Lifecycle.breakEven(Lifecycle.of(SMALL, 1e-6),
        Lifecycle.of(Cegi.of("flat", 1, 0.5, 0.5, 1_000_000), 1e-6));
    assertThat(noGain.exists()).isFalse();
    assertThat(noGain.explanation()).startsWith("no break-even: flat has no CEGI at any N (no gain:");
  }

  @Test
  void rejectsBadInputs() {
    assertThatThrownBy(() -> Lifecycle.of(SMALL, -1e-6))
        .hasMessage("inference_kg_per_request must be >= 0, got -1.0E-6");
    assertThatThrownBy(() -> Lifecycle.of(SMALL, 0).emissionsKgAt(-1)).hasMessage("requests must be >= 0, got -1");
    CegiResult abs = Cegi.builder().name("abs").emissionsKg(1).base(0.4).tuned(0.5).trainableParams(1)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
    assertThatThrownBy(() -> Lifecycle.breakEven(Lifecycle.of(SMALL, 0), Lifecycle.of(abs, 0)))
        .hasMessageStartingWith("break-even needs one gain convention, got small=RELATIVE and abs=ABSOLUTE_POINTS");
  }
}
