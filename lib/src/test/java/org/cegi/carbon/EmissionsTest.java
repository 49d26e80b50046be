package org.cegi.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cegi.energy.Energy;
import org.junit.jupiter.api.Test;

class EmissionsTest {
  private static final CarbonIntensity FR = CarbonIntensity.of(67.53, "France", "test");
  private static final CarbonIntensity DE = CarbonIntensity.of(332.495, "Germany", "test");

  @Test
  void multipliesEnergyByPueAndIntensity() {
    Emissions e = Emissions.of(Energy.ofKilowattHours(2.5), 1.2, DE);
    assertThat(e.grams()).isCloseTo(2.5 * 1.2 * 332.495, within(1e-9));
    assertThat(e.co2eGrams()).isEqualTo(e.grams());
    assertThat(e.kilograms()).isCloseTo(2.5 * 1.2 * 0.332495, within(1e-12));
    assertThat(e.energy()).isEqualTo(Energy.ofKilowattHours(2.5));
    assertThat(e.facilityEnergy().kilowattHours()).isCloseTo(3.0, within(1e-12));
    assertThat(e.pue()).isEqualTo(1.2);
    assertThat(e.intensity()).isEqualTo(DE);
    assertThat(Emissions.of(Energy.ofJoules(3.6e6), FR).grams()).isCloseTo(67.53, within(1e-9));
  }

  @Test
  void carriesTheIntensityWarnings() {
    CarbonIntensity world = IntensityTable.eco2ai().lookupOrWorld("Atlantis");
    Emissions e = Emissions.of(Energy.ofKilowattHours(1), 1.0, world);
    assertThat(e.warnings()).isEqualTo(world.warnings()).hasSize(1);
  }

  @Test
  void rejectsAPueBelowOneAndInconsistentFigures() {
    assertThatThrownBy(() -> Emissions.of(Energy.ofKilowattHours(1), 0.9, DE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pue must be >= 1 (facility energy / IT energy), got 0.9; use 1.0 to count the devices only,"
            + " or a typical data-centre value such as 1.1 to 1.6");
    assertThatThrownBy(() -> Emissions.of(Energy.ofKilowattHours(1), Double.NaN, DE))
        .hasMessage("pue must be a finite number, got NaN");
    assertThatThrownBy(() -> new Emissions(5, Energy.ofKilowattHours(1), 1.0, DE, List.of()))
        .hasMessageStartingWith("co2e_g must equal energy × pue × intensity = 1.0 kWh × 1.0 × 332.495 g/kWh");
  }

  @Test
  void addsEmissionsOfTheSameSetting() {
    Emissions a = Emissions.of(Energy.ofKilowattHours(1), 1.1, DE);
    Emissions b = Emissions.of(Energy.ofKilowattHours(3), 1.1, DE);
    Emissions s = a.plus(b);
    assertThat(s.grams()).isCloseTo(a.grams() + b.grams(), within(1e-9));
    assertThat(s.energy().kilowattHours()).isCloseTo(4.0, within(1e-12));
    assertThat(s.pue()).isEqualTo(1.1);
    assertThat(s.intensity()).isEqualTo(DE);
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void addsEmissionsOfDifferentSettingsWithEffectiveValuesAndAWarning() {
    Emissions a = Emissions.of(Energy.ofKilowattHours(1), 1.0, DE);
    Emissions b = Emissions.of(Energy.ofKilowattHours(3), 1.4, FR);
    Emissions s = a.plus(b);
    assertThat(s.grams()).isCloseTo(332.495 + 3 * 1.4 * 67.53, within(1e-9));
    assertThat(s.energy().kilowattHours()).isCloseTo(4.0, within(1e-12));
    assertThat(s.pue()).isCloseTo((1.0 + 3 * 1.4) / 4, within(1e-12));
    assertThat(s.intensity().gramsPerKwh()).isCloseTo(s.grams() / (4 * s.pue()), within(1e-9));
    assertThat(s.intensity().region()).isEqualTo("Germany + France");
    assertThat(s.intensity().source()).isEqualTo("test");
    assertThat(s.warnings()).singleElement().asString().startsWith("sum of emissions with different PUE or intensity");
  }
}
