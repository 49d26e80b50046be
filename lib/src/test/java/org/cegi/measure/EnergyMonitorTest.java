package org.cegi.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.cegi.energy.Component;
import org.cegi.energy.FakeProbe;
import org.cegi.energy.Method;
import org.cegi.energy.Power;
import org.cegi.energy.ProcessStats;
import org.cegi.energy.TdpMatch;
import org.junit.jupiter.api.Test;

class EnergyMonitorTest {
  private final long[] now = {0};
  private final FakeProbe gpu = FakeProbe.of(Component.GPU, Power.ofWatts(300), () -> now[0]);
  private final FakeProbe cpu = FakeProbe.of(Component.CPU, Power.ofWatts(20), () -> now[0]);

  private void advance(double seconds) {
    now[0] += (long) (seconds * 1e9);
  }

  private EnergyMonitor.Builder builder() {
    return EnergyMonitor.builder().probe(gpu).probe(cpu).clock(() -> now[0]).sampling(false)
        .sleeper(d -> now[0] += d.toNanos());
  }

  @Test
  void windowsNestAndOverlap() {
    try (EnergyMonitor m = builder().start()) {
      Window outer = m.begin("outer");
      advance(1);
      Window inner = m.begin("inner");
      advance(2);
      Window overlap = m.begin("overlap");
      advance(1);
      Measurement in = inner.end();
      advance(3);
      Measurement out = outer.end();
      Measurement ov = overlap.end();
      assertThat(in.durationS()).isCloseTo(3, within(1e-9));
      assertThat(in.gross(Component.GPU).joules()).isCloseTo(900, within(1e-6));
      assertThat(out.gross(Component.GPU).joules()).isCloseTo(2100, within(1e-6));
      assertThat(ov.gross(Component.CPU).joules()).isCloseTo(80, within(1e-6));
      assertThat(out.grossEnergy().joules()).isCloseTo(2100 + 140, within(1e-6));
      assertThat(out.averagePower().watts()).isCloseTo(320, within(1e-6));
      assertThat(out.method(Component.GPU)).contains(Method.FAKE);
      assertThat(out.devices()).containsExactly("fake gpu", "fake cpu");
      assertThat(out.warnings()).contains("Fake gpu probe: scripted figures, not a measurement.");
      assertThat(m.measurements()).extracting(Measurement::name).containsExactly("inner", "outer", "overlap");
    }
  }

  @Test
  @SuppressWarnings("try")
  void tryWithResourcesAndMeasureForms() {
    try (EnergyMonitor m = builder().start()) {
      try (Window w = m.begin("decode")) {
        advance(0.5);
      }
      assertThat(m.last("decode").orElseThrow().gross(Component.GPU).joules()).isCloseTo(150, within(1e-6));
      Measurement x = m.measure("prefill", () -> advance(2));
      assertThat(x.gross(Component.CPU).joules()).isCloseTo(40, within(1e-6));
      assertThatThrownBy(() -> m.measure("boom", () -> {
        advance(1);
        throw new IllegalStateException("cell failed");
      })).hasMessage("cell failed");
      Measurement boom = m.last("boom").orElseThrow();
      assertThat(boom.gross(Component.GPU).joules()).isCloseTo(300, within(1e-6));
      assertThat(boom.averagePower(Component.GPU).watts()).isCloseTo(300, within(1e-6));
      assertThat(boom.warnings()).contains("Work in window \"boom\" failed (IllegalStateException: cell failed): "
          + "figures cover the interval up to the failure.");
      assertThat(m.openWindows()).isEmpty();
    }
  }

  @Test
  void restartingAWindowOfTheSameNameReplacesIt() {
    try (EnergyMonitor m = builder().start()) {
      Window first = m.begin("cell");
      advance(5);
      Window second = m.begin("cell");
      advance(1);
      assertThat(second.end().gross(Component.GPU).joules()).isCloseTo(300, within(1e-6));
      assertThat(first.isOpen()).isFalse();
      first.close(); // ignored
      assertThatThrownBy(first::end).hasMessage("Window \"cell\" was restarted by a later begin(\"cell\") before it "
          + "ended, so it has no measurement: end the newer window instead.");
      assertThat(m.measurements()).hasSize(1);
    }
  }

  @Test
  void baselineGivesNetEnergyPerComponent() {
    try (EnergyMonitor m = builder().baselineDuration(Duration.ofSeconds(5)).start()) {
      assertThat(m.baseline().idle(Component.GPU).watts()).isCloseTo(300, within(1e-6));
      assertThat(m.baseline().durationS()).isCloseTo(5, within(1e-9));
      gpu.setPower(Power.ofWatts(700));
      cpu.setPower(Power.ofWatts(10));
      Measurement x = m.measure("load", () -> advance(2));
      ComponentMeasurement g = x.components().get(0);
      assertThat(g.gross().joules()).isCloseTo(1400, within(1e-6));
      assertThat(g.net().joules()).isCloseTo(800, within(1e-6));
      assertThat(g.idlePower().watts()).isCloseTo(300, within(1e-6));
      assertThat(x.net(Component.CPU)).isEqualTo(org.cegi.energy.Energy.ZERO);
      assertThat(x.warnings()).contains("Idle baseline 20.00 W of cpu exceeds the window's average 10.00 W: net cpu "
          + "energy clamped to 0.");
    }
  }

  @Test
  void eco2aiCompatibleFiguresSampleEveryTenSecondsOverAllGpus() {
    ProcessStats stats = new ProcessStats() {
      @Override
      public double cpuSeconds() {
        return now[0] / 1e9; // one CPU busy
      }

      @Override
      public long rssBytes() {
        return 4L << 30; // 4 GB -> 1.5 W
      }

      @Override
      public String describe() {
        return "test";
      }
    };
    TdpMatch tdp = new TdpMatch(Power.ofWatts(80), "X", "X", "eco2ai", List.of());
    try (EnergyMonitor m = builder().eco2aiCompatible(stats, tdp, 4).start()) {
      Window w = m.begin("train");
      advance(4);
      gpu.setPower(Power.ofWatts(100)); // a dip between Eco2AI readings: Eco2AI misses the first 4 s at 300 W
      advance(6);
      m.sampleNow();                    // the 10 s reading: 100 W x 10 s
      gpu.setPower(Power.ofWatts(500));
      advance(5);
      Measurement x = w.end();          // final reading: 500 W x 5 s
      Eco2aiFigures e = x.eco2ai().orElseThrow();
      assertThat(e.readings()).isEqualTo(2);
      assertThat(e.gpu().joules()).isCloseTo(1000 + 2500, within(1e-6));
      assertThat(x.gross(Component.GPU).joules()).isCloseTo(1200 + 600 + 2500, within(1e-6));
      assertThat(e.cpu().joules()).isCloseTo(80.0 * 15 / 4, within(1e-6));
      assertThat(e.ram().joules()).isCloseTo(1.5 * 15, within(1e-6));
      assertThat(e.total().joules()).isCloseTo(3500 + 300 + 22.5, within(1e-6));
    }
  }

  @Test
  void badConfigurationIsRefusedWithTheFix() {
    assertThatThrownBy(() -> EnergyMonitor.builder().start())
        .hasMessage("An EnergyMonitor needs at least one probe: call probe(...) or forThisProcess().");
    assertThatThrownBy(() -> EnergyMonitor.builder().samplingInterval(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("sampling interval must be > 0 and <= 1 s");
    EnergyMonitor m = builder().start();
    m.close();
    assertThatThrownBy(() -> m.begin("x")).hasMessageStartingWith("This EnergyMonitor is closed");
    assertThatThrownBy(() -> builder().start().begin(" ")).hasMessage("window name must not be blank, got \" \"");
  }

  @Test
  void missingComponentIsAWarningNotASilentZero() {
    try (EnergyMonitor m = EnergyMonitor.builder().probe(cpu).clock(() -> now[0]).sampling(false)
        .warning("No GPU energy: no driver").start()) {
      Measurement x = m.measure("w", () -> advance(1));
      assertThat(x.has(Component.GPU)).isFalse();
      assertThat(x.method(Component.GPU)).isEmpty();
      assertThat(x.warnings()).contains("No GPU energy: no driver");
    }
  }

  @Test
  void realSamplingThreadAndRealProbesRunOnThisMachine() throws Exception {
    List<String> reasons = new java.util.ArrayList<>();
    try (EnergyMonitor m = EnergyMonitor.builder().forThisProcess().samplingInterval(Duration.ofMillis(20))
        .eco2aiCompatible(true).start()) {
      Measurement x = m.measure("spin", () -> {
        long end = System.nanoTime() + 150_000_000L;
        double s = 0;
        while (System.nanoTime() < end) {
          s += Math.sqrt(s + 1);
        }
      });
      assertThat(x.has(Component.CPU)).isTrue();
      assertThat(x.gross(Component.CPU).joules()).isPositive();
      assertThat(x.gross(Component.RAM).joules()).isPositive();
      assertThat(x.eco2ai()).isPresent();
      if (!x.has(Component.GPU)) {
        assertThat(x.warnings()).anyMatch(w -> w.startsWith("No GPU energy: NVML could not be loaded"));
      }
    }
    assertThat(reasons).isEmpty();
  }
}
