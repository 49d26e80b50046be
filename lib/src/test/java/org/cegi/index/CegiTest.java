package org.cegi.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.carbon.Emissions;
import org.cegi.carbon.IntensityTable;
import org.cegi.energy.Energy;
import org.junit.jupiter.api.Test;

class CegiTest {
  private static final long QWEN = 8_798_208L;

  @Test
  void computesTheIndexWithRelativeGainByDefault() {
    CegiResult r = Cegi.of("qwen", 1.2, 0.40, 0.55, QWEN);
    assertThat(r.convention()).isEqualTo(GainConvention.RELATIVE);
    assertThat(r.scale()).isEqualTo(MetricScale.UNIT);
    assertThat(r.unit()).isEqualTo(EmissionsUnit.KILOGRAMS);
    assertThat(r.gainPercent().getAsDouble()).isCloseTo(100 * (0.55 - 0.40) / 0.40, within(1e-12));
    assertThat(r.status()).isEqualTo(CegiStatus.OK);
    assertThat(r.reason()).isEmpty();
    assertThat(r.value().getAsDouble()).isCloseTo(1.2 / (37.5 * QWEN / 1e6), within(1e-12));
    assertThat(r.unitLabel()).isEqualTo("kg CO2e / (% gain x 1e6 params)");
  }

  @Test
  void computesTheIndexWithAbsolutePointsOnEitherScale() {
    CegiResult unit = Cegi.builder().name("a").emissionsKg(1.2).base(0.40).tuned(0.55).trainableParams(QWEN)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
    CegiResult pct = Cegi.builder().name("b").emissionsKg(1.2).base(40).tuned(55).trainableParams(QWEN)
        .gain(GainConvention.ABSOLUTE_POINTS).scale(MetricScale.PERCENT).build();
    assertThat(unit.gainPercent().getAsDouble()).isCloseTo(15.0, within(1e-9));
    assertThat(pct.gainPercent().getAsDouble()).isCloseTo(15.0, within(1e-12));
    assertThat(unit.value().getAsDouble()).isCloseTo(1.2 / (15 * QWEN / 1e6), within(1e-12));
    assertThat(pct.value().getAsDouble()).isCloseTo(unit.value().getAsDouble(), within(1e-12));
    assertThat(unit.unitLabel()).isEqualTo("kg CO2e / (pt gain x 1e6 params)");
    // Relative gain does not depend on the scale.
    assertThat(Cegi.builder().emissionsKg(1).base(40).tuned(55).trainableParams(QWEN).scale(MetricScale.PERCENT)
        .build().gainPercent().getAsDouble()).isCloseTo(37.5, within(1e-12));
  }

  @Test
  void expressesTheIndexInTheChosenUnit() {
    CegiResult kg = Cegi.of(1.2, 0.40, 0.55, QWEN);
    CegiResult g = kg.inUnit(EmissionsUnit.GRAMS);
    assertThat(g.emissions()).isCloseTo(1200.0, within(1e-9));
    assertThat(g.value().getAsDouble()).isCloseTo(1000 * kg.value().getAsDouble(), within(1e-9));
    assertThat(g.unitLabel()).startsWith("g CO2e");
    assertThat(Cegi.builder().emissionsGrams(1200).base(0.4).tuned(0.55).trainableParams(QWEN).build().emissionsKg())
        .isCloseTo(1.2, within(1e-12));
  }

  @Test
  void takesMeasuredEmissionsWithTheirWarnings() {
    Emissions e = Emissions.of(Energy.ofKilowattHours(2), 1.0, IntensityTable.eco2ai().lookupOrWorld("Atlantis"));
    CegiResult r = Cegi.of("x", e, 0.40, 0.50, QWEN);
    assertThat(r.emissionsKg()).isCloseTo(2 * 436.529 / 1000, within(1e-12));
    assertThat(r.warnings()).hasSize(1);
    assertThat(r.warnings().get(0)).contains("Atlantis").contains("world average");
    assertThat(r.toString()).contains("warnings:");
    CegiResult unnamed = Cegi.of(Emissions.of(Energy.ofKilowattHours(1), CarbonIntensity.explicit(100, "lab")),
        0.4, 0.5, QWEN);
    assertThat(unnamed.name()).isEqualTo("variant");
    assertThat(unnamed.emissionsKg()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void marksZeroOrNegativeGainAsNoGainWithTheReason() {
    CegiResult same = Cegi.of("same", 1.0, 0.5, 0.5, QWEN);
    CegiResult worse = Cegi.of("worse", 1.0, 0.5, 0.4, QWEN);
    for (CegiResult r : List.of(same, worse)) {
      assertThat(r.status()).isEqualTo(CegiStatus.NO_GAIN);
      assertThat(r.hasValue()).isFalse();
      assertThat(r.value()).isEmpty();
    }
    assertThat(same.reason()).isEqualTo("no gain: tuned metric 0.5 <= base metric 0.5 (gain 0 %)");
    assertThat(worse.reason()).isEqualTo("no gain: tuned metric 0.4 <= base metric 0.5 (gain -20 %)");
    assertThat(worse.toString()).startsWith("worse: CEGI n/a (no gain: ");
  }

  @Test
  void treatsRelativeGainOverAZeroBaseAsUndefinedNotAsAnError() {
    CegiResult r = Cegi.of("zero", 1.0, 0.0, 0.3, QWEN);
    assertThat(r.status()).isEqualTo(CegiStatus.UNDEFINED_GAIN);
    assertThat(r.gainPercent()).isEmpty();
    assertThat(r.value()).isEmpty();
    assertThat(r.reason()).contains("base metric, which is 0").contains("ABSOLUTE_POINTS");
    CegiResult abs = Cegi.builder().emissionsKg(1).base(0).tuned(0.3).trainableParams(QWEN)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
    assertThat(abs.value().getAsDouble()).isCloseTo(1 / (30 * QWEN / 1e6), within(1e-12));
  }

  @Test
  void rejectsInvalidInputsNamingParameterAndValue() {
    assertThatThrownBy(() -> Cegi.of(-1, 0.4, 0.5, QWEN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("emissions_kg must be >= 0, got -1.0");
    assertThatThrownBy(() -> Cegi.of(Double.NaN, 0.4, 0.5, QWEN))
        .hasMessage("emissions_kg must be a finite number, got NaN");
    assertThatThrownBy(() -> Cegi.of(Double.POSITIVE_INFINITY, 0.4, 0.5, QWEN))
        .hasMessage("emissions_kg must be a finite number, got Infinity");
    assertThatThrownBy(() -> Cegi.of(1, 0.4, 0.5, 0))
        .hasMessage("trainable_params must be > 0, got 0; count them with LoraParams.count(...) or"
            + " LoraParams.fromAdapter(path)");
    assertThatThrownBy(() -> Cegi.of(1, 40, 55, QWEN))
        .hasMessage("base_metric must be within [0, 1] on MetricScale.UNIT, got 40.0; the value looks like a"
            + " percentage: use MetricScale.PERCENT (--scale percent)");
    assertThatThrownBy(() -> Cegi.of(1, 0.4, -0.1, QWEN))
        .hasMessage("tuned_metric must be within [0, 1] on MetricScale.UNIT, got -0.1");
    assertThatThrownBy(() -> Cegi.builder().base(0.4).scale(MetricScale.PERCENT).tuned(101).emissionsKg(1)
        .trainableParams(1).build())
        .hasMessage("tuned_metric must be within [0, 100] on MetricScale.PERCENT, got 101.0");
    assertThatThrownBy(() -> Cegi.builder().name("v").base(0.4).build())
        .hasMessage("CEGI of v needs emissions (emissionsKg, emissionsGrams or emissions), tuned, trainableParams");
  }

  @Test
  void ranksLowestFirstAndNoGainLast() {
    CegiResult cheap = Cegi.of("cheap", 0.5, 0.40, 0.55, QWEN);
    CegiResult dear = Cegi.of("dear", 5.0, 0.40, 0.55, QWEN);
    CegiResult none = Cegi.of("none", 0.0, 0.40, 0.40, QWEN);   // zero emissions but no gain: must not win
    CegiResult undefined = Cegi.of("undefined", 0.1, 0.0, 0.40, QWEN);
    List<CegiResult> ranked = Cegi.rank(List.of(none, dear, undefined, cheap));
    assertThat(ranked).extracting(CegiResult::name).containsExactly("cheap", "dear", "none", "undefined");
    assertThat(Cegi.best(List.of(none, dear, cheap))).contains(cheap);
    assertThat(Cegi.best(List.of(none))).isEmpty();
    // Different units compare on the same basis.
    CegiResult dearInGrams = dear.inUnit(EmissionsUnit.GRAMS).withName("a-dear-in-grams");
    assertThat(Cegi.rank(List.of(dearInGrams, cheap))).extracting(CegiResult::name)
        .containsExactly("cheap", "a-dear-in-grams");
  }

  @Test
  void refusesToRankAcrossGainConventions() {
    CegiResult rel = Cegi.of("rel", 1, 0.4, 0.5, QWEN);
    CegiResult abs = Cegi.builder().name("abs").emissionsKg(1).base(0.4).tuned(0.5).trainableParams(QWEN)
        .gain(GainConvention.ABSOLUTE_POINTS).build();
    assertThatThrownBy(() -> Cegi.rank(List.of(rel, abs)))
        .hasMessage("results use different gain conventions (rel=RELATIVE, abs=ABSOLUTE_POINTS), so their CEGI"
            + " values are not comparable; compute them all with one GainConvention");
  }

  @Test
  void comparesTwoVariants() {
    CegiResult a = Cegi.of("a", 1.0, 0.40, 0.50, QWEN);
    CegiResult b = Cegi.of("b", 3.0, 0.40, 0.50, QWEN);
    CegiComparison c = Cegi.compare(b, a);
    assertThat(c.better()).isEqualTo(a);
    assertThat(c.worse()).isEqualTo(b);
    assertThat(c.ratio().getAsDouble()).isCloseTo(3.0, within(1e-12));
    assertThat(c.summary()).isEqualTo("a is better: its CEGI is 3.000 times lower than b's");
    CegiComparison withNone = Cegi.compare(Cegi.of("n", 0, 0.5, 0.4, QWEN), b);
    assertThat(withNone.better()).isEqualTo(b);
    assertThat(withNone.ratio()).isEmpty();
    assertThat(withNone.summary()).startsWith("b is better: n has no CEGI value (no gain:");
  }

  @Test
  void printsARankedTableWithNoGainRowsMarked() {
    String t = Cegi.table(List.of(Cegi.of("flat", 1, 0.5, 0.5, QWEN), Cegi.of("good", 1.2, 0.40, 0.55, QWEN)));
    List<String> lines = t.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("rank").contains("variant", "cegi", "gain", "trainable_params", "status");
    assertThat(lines.get(1)).startsWith("1").contains("good", "0.00363710", "37.5", "8,798,208", "OK");
    assertThat(lines.get(2)).startsWith("-").contains("flat", "n/a", "NO_GAIN: no gain: tuned metric 0.5");
  }

  @Test
  void toStringShowsTheValueAndEveryInput() {
    assertThat(Cegi.of("qwen", 1.2, 0.40, 0.55, QWEN).toString()).isEqualTo(
        "qwen: CEGI 0.00363710 kg CO2e / (% gain x 1e6 params) [E=1.2 kg CO2e, gain 37.50 % (RELATIVE, 0.4 -> 0.55"
            + " on 0-1), T=8,798,208]");
  }
}
