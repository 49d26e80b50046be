package org.cegi.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeAndReplayProbeTest {
  @TempDir Path tmp;
  private final long[] now = {0};

  @Test
  void fakeProbeIntegratesScriptedPowerAndIsLabelledFake() {
    FakeProbe p = FakeProbe.of(Component.GPU, Power.ofWatts(200), () -> now[0]);
    ProbeReading a = p.read();
    now[0] += 2_000_000_000L;
    p.setPower(Power.ofWatts(50));
    now[0] += 1_000_000_000L;
    ComponentEnergy e = p.between(a, p.read());
    assertThat(e.energy().joules()).isCloseTo(450.0, within(1e-9));
    assertThat(e.method()).isEqualTo(Method.FAKE);
    assertThat(e.warnings()).containsExactly("Fake gpu probe: scripted figures, not a measurement.");
  }

  @Test
  void replayInterpolatesARecordedTrace() throws IOException {
    Path f = tmp.resolve("trace.csv");
    Files.writeString(f, "time_s,energy_j,power_w\n0,100,0\n1,200,100\n3,300,50\n");
    ReplayProbe p = ReplayProbe.open(Component.GPU, f, () -> now[0]);
    ProbeReading a = p.read();
    now[0] += 2_000_000_000L;
    ProbeReading b = p.read();
    assertThat(p.between(a, b).energy().joules()).isCloseTo(150.0, within(1e-9));
    assertThat(b.power().watts()).isEqualTo(50.0);
    now[0] += 10_000_000_000L;
    assertThat(p.between(a, p.read()).energy().joules()).isCloseTo(200.0, within(1e-9));
    assertThat(p.method()).isEqualTo(Method.REPLAY);
  }

  @Test
  void malformedTraceNamesTheLine() throws IOException {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "time_s,energy_j\n0,10\n1,5\n");
    assertThatThrownBy(() -> ReplayProbe.open(Component.CPU, f, () -> 0))
        .hasMessage("Replay trace " + f + " line 3 \"1,5\": time_s and energy_j must not decrease. Fix the row "
            + "(numbers, cumulative energy, time order).");
    Path g = tmp.resolve("hdr.csv");
    Files.writeString(g, "t,e\n0,1\n");
    assertThatThrownBy(() -> ReplayProbe.open(Component.CPU, g, () -> 0))
        .hasMessage("Replay trace " + g + " has header [t, e]: expected columns time_s and energy_j (and optionally power_w).");
  }

  @Test
  void powerIntegratorUsesTheTrapezoidRule() {
    double[] w = {0};
    PowerIntegrator pi = new PowerIntegrator(() -> Power.ofWatts(w[0]), () -> now[0]);
    w[0] = 100;
    now[0] += 1_000_000_000L;
    assertThat(pi.sample().joules()).isCloseTo(50.0, within(1e-9));
    now[0] += 1_000_000_000L;
    assertThat(pi.sample().joules()).isCloseTo(150.0, within(1e-9));
    assertThat(pi.samples()).isEqualTo(3);
  }

  @Test
  void methodLabelsRoundTrip() {
    for (Method m : Method.values()) {
      assertThat(Method.ofLabel(m.label())).isEqualTo(m);
    }
    assertThatThrownBy(() -> Method.ofLabel("guess")).hasMessageStartingWith("Unknown energy method \"guess\"");
  }
}
