package org.cegi.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnergyPowerTest {

  @Test
  void convertsBetweenUnits() {
    assertThat(Energy.ofKilowattHours(1).joules()).isEqualTo(3.6e6);
    assertThat(Energy.ofWattHours(1).joules()).isEqualTo(3600.0);
    assertThat(Energy.ofMillijoules(1500).joules()).isEqualTo(1.5);
    assertThat(Energy.ofMicrojoules(2_000_000).joules()).isEqualTo(2.0);
    assertThat(Energy.ofJoules(7200).wattHours()).isEqualTo(2.0);
    assertThat(Energy.ofJoules(1.5).millijoules()).isEqualTo(1500.0);
    assertThat(Power.ofMilliwatts(250_000).watts()).isEqualTo(250.0);
    assertThat(Power.ofWatts(2).kilowatts()).isEqualTo(0.002);
  }

  @Test
  void powerAndEnergyRelateThroughTime() {
    assertThat(Power.ofWatts(300).over(10).joules()).isEqualTo(3000.0);
    assertThat(Energy.ofJoules(3000).per(10).watts()).isEqualTo(300.0);
    assertThat(Energy.ofJoules(10).plus(Energy.ofJoules(5)).joules()).isEqualTo(15.0);
    assertThat(Energy.ofJoules(10).minusOrZero(Energy.ofJoules(15))).isEqualTo(Energy.ZERO);
    assertThat(Energy.ofJoules(10).times(1.2).joules()).isCloseTo(12.0, within(1e-12));
  }

  @Test
  void rejectsNegativeAndNonFiniteValuesNamingThem() {
    assertThatThrownBy(() -> Energy.ofJoules(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("energy_j must be >= 0, got -1.0");
    assertThatThrownBy(() -> Energy.ofKilowattHours(Double.NaN))
        .hasMessage("energy_kwh must be a finite number, got NaN");
    assertThatThrownBy(() -> Power.ofWatts(Double.POSITIVE_INFINITY))
        .hasMessage("power_w must be a finite number, got Infinity");
    assertThatThrownBy(() -> Energy.ofJoules(1).per(0)).hasMessage("duration_s must be > 0, got 0.0");
  }

  @Test
  void printsWithAUnit() {
    assertThat(Energy.ofJoules(12.5)).hasToString("12.50 J");
    assertThat(Energy.ofJoules(12_500)).hasToString("12.50 kJ");
    assertThat(Energy.ofKilowattHours(2)).hasToString("2.000 kWh");
    assertThat(Power.ofWatts(75)).hasToString("75.00 W");
  }
}
