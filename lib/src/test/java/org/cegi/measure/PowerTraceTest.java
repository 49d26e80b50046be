package org.cegi.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.cegi.energy.Component;
import org.cegi.energy.FakeProbe;
import org.cegi.energy.Power;
import org.cegi.plots.EnergyPlots;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PowerTraceTest {
  private final long[] now = {1_000_000_000L};

  private EnergyMonitor monitor(FakeProbe gpu, FakeProbe cpu, int points) {
    return EnergyMonitor.builder().probe(gpu).probe(cpu).clock(() -> now[0]).sampling(false).tracePoints(points)
        .start();
  }

  @Test
  void eachTickAddsTheAveragePowerOfItsIntervalPerProbe() {
    FakeProbe gpu = FakeProbe.of(Component.GPU, Power.ofWatts(300), () -> now[0]);
    FakeProbe cpu = FakeProbe.of(Component.CPU, Power.ofWatts(20), () -> now[0]);
    try (EnergyMonitor m = monitor(gpu, cpu, 100)) {
      for (int i = 0; i < 5; i++) {
        m.sampleNow();
        now[0] += 100_000_000L; // 0.1 s
      }
      m.sampleNow();
      PowerTrace t = m.powerTrace();
      PowerTrace.Series g = t.series(Component.GPU);
      assertThat(g.size()).isEqualTo(5);
      assertThat(g.powerW()).containsExactly(new double[] {300, 300, 300, 300, 300}, within(1e-9));
      assertThat(g.timeS()).containsExactly(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, within(1e-9));
      assertThat(t.series(Component.CPU).powerW()[0]).isCloseTo(20.0, within(1e-9));
      assertThat(g.method().label()).isEqualTo("fake");
      assertThat(t.truncated()).isFalse();
      XYChart chart = EnergyPlots.powerOverTime(t);
      assertThat(chart.getSeriesMap().keySet()).containsExactly("GPU (fake, fake)", "CPU (fake, fake)");
      assertThat(chart.getSeriesMap().get("GPU (fake, fake)").getXData()).hasSize(5);
      assertThat(chart.getTitle()).isEqualTo("Power over time (sampler)");
    }
  }

  @Test
  void aFullTraceKeepsTheNewestPointsAndSaysSo() {
    FakeProbe gpu = FakeProbe.of(Component.GPU, Power.ofWatts(100), () -> now[0]);
    FakeProbe cpu = FakeProbe.of(Component.CPU, Power.ofWatts(10), () -> now[0]);
    try (EnergyMonitor m = monitor(gpu, cpu, 3)) {
      for (int i = 0; i < 6; i++) {
        m.sampleNow();
        now[0] += 1_000_000_000L;
      }
      PowerTrace.Series g = m.powerTrace().series(Component.GPU);
      assertThat(g.timeS()).containsExactly(new double[] {3, 4, 5}, within(1e-9));
      assertThat(m.powerTrace().truncated()).isTrue();
    }
  }

  @Test
  void anEmptyTraceIsExplained() {
    FakeProbe gpu = FakeProbe.of(Component.GPU, Power.ofWatts(100), () -> now[0]);
    FakeProbe cpu = FakeProbe.of(Component.CPU, Power.ofWatts(10), () -> now[0]);
    try (EnergyMonitor m = monitor(gpu, cpu, 10)) {
      assertThatThrownBy(() -> m.powerTrace().series(Component.RAM))
          .hasMessage("The power trace has no RAM points: the monitor has no RAM probe, or its sampling thread has"
              + " not ticked twice yet.");
      assertThatThrownBy(() -> EnergyPlots.powerOverTime(m.powerTrace()))
          .hasMessageStartingWith("the power trace has fewer than 2 points per probe");
      assertThatThrownBy(() -> EnergyMonitor.builder().tracePoints(0)).hasMessage("tracePoints must be > 0, got 0");
    }
  }
}
