package org.cegi.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarbonIntensityTest {
  @Test
  void convertsUnitsAndKeepsItsProvenance() {
    CarbonIntensity c = CarbonIntensity.of(436.529, "World", "Eco2AI carbon_index.csv (Apache-2.0)");
    assertThat(c.gramsPerKwh()).isEqualTo(436.529);
    assertThat(c.kgPerKwh()).isEqualTo(0.436529);
    assertThat(c.kgPerMwh()).isEqualTo(436.529);
    assertThat(c.year()).isZero();
    assertThat(c.warnings()).isEmpty();
    assertThat(CarbonIntensity.ofKgPerKwh(0.475, "World", "x").gramsPerKwh()).isEqualTo(475.0);
    CarbonIntensity e = CarbonIntensity.explicit(120, "my lab").withYear(2024).withWarning("estimated");
    assertThat(e.source()).isEqualTo("explicit");
    assertThat(e.year()).isEqualTo(2024);
    assertThat(e.warnings()).containsExactly("estimated");
    assertThat(e.toString()).isEqualTo("120.0 g CO2e/kWh (my lab, explicit, 2024) [estimated]");
  }

  @Test
  void validatesAndCopies() {
    assertThatThrownBy(() -> CarbonIntensity.of(-1, "x", "y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("intensity_g_per_kwh must be >= 0, got -1.0");
    assertThatThrownBy(() -> CarbonIntensity.of(Double.NaN, "x", "y"))
        .hasMessage("intensity_g_per_kwh must be a finite number, got NaN");
    assertThatThrownBy(() -> CarbonIntensity.of(1, " ", "y")).hasMessage("region must not be blank, got \" \"");
    assertThatThrownBy(() -> CarbonIntensity.of(1, "x", null)).hasMessage("source must not be blank, got null");
    assertThatThrownBy(() -> new CarbonIntensity(1, "x", "y", -1, List.of()))
        .hasMessage("year must be >= 0 (0 when unknown), got -1");
    List<String> w = new ArrayList<>(List.of("a"));
    CarbonIntensity c = new CarbonIntensity(1, "x", "y", 0, w);
    w.add("b");
    assertThat(c.warnings()).containsExactly("a");
  }
}
