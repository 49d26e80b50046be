package org.cegi.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProbesTest {
  @TempDir Path tmp;
  private final long[] now = {0};

  private Path domain(String dir, String name, long uj, long max) throws IOException {
    Path d = Files.createDirectories(tmp.resolve("powercap").resolve(dir));
    Files.writeString(d.resolve("name"), name + "\n");
    Files.writeString(d.resolve("energy_uj"), uj + "\n");
    Files.writeString(d.resolve("max_energy_range_uj"), max + "\n");
    return d;
  }

  @Test
  void raplSumsPackagesIgnoresSubdomainsAndHandlesWrap() throws IOException {
    Path p0 = domain("intel-rapl:0", "package-0", 1_000_000, 10_000_000);
    Path p1 = domain("intel-rapl:1", "package-1", 0, 10_000_000);
    domain("intel-rapl:0:0", "core", 5, 10_000_000);
    domain("intel-rapl:2", "psys", 5, 10_000_000);
    Path root = tmp.resolve("powercap");
    assertThat(RaplProbe.available(root)).isTrue();
    try (RaplProbe r = RaplProbe.open(root, () -> now[0])) {
      assertThat(r.devices()).containsExactly("intel-rapl:0/package-0", "intel-rapl:1/package-1");
      ProbeReading a = r.read();
      Files.writeString(p0.resolve("energy_uj"), "9000000");
      Files.writeString(p1.resolve("energy_uj"), "2000000");
      now[0] += 1_000_000_000L;
      ProbeReading b = r.read();
      Files.writeString(p0.resolve("energy_uj"), "500000"); // wrapped: 1 J to the top + 0.5 J
      now[0] += 1_000_000_000L;
      ProbeReading c = r.read();
      assertThat(r.between(a, b).energy().joules()).isCloseTo(10.0, within(1e-9));
      assertThat(r.between(b, c).energy().joules()).isCloseTo(1.5, within(1e-9));
      assertThat(r.between(a, c).method()).isEqualTo(Method.RAPL);
      assertThat(c.power().watts()).isCloseTo(1.5, within(1e-9));
    }
  }

  @Test
  void amdDomainsAreFound() throws IOException {
    domain("amd-rapl:0", "package-0", 1, 100);
    assertThat(RaplProbe.available(tmp.resolve("powercap"))).isTrue();
  }

  @Test
  void noPowercapIsNotAvailableAndOpeningSaysWhy() {
    Path missing = tmp.resolve("none");
    assertThat(RaplProbe.available(missing)).isFalse();
    assertThatThrownBy(() -> RaplProbe.open(missing, () -> 0))
        .hasMessage("No RAPL package domain under " + missing
            + ": this machine exposes no powercap (VM, container or non-x86). Use the CPU estimate instead.");
  }

  @Test
  void unreadableCounterIsNotAvailable() throws IOException {
    Path d = domain("intel-rapl:0", "package-0", 1, 100);
    Files.delete(d.resolve("energy_uj"));
    assertThat(RaplProbe.available(tmp.resolve("powercap"))).isFalse();
  }

  static final class ScriptedStats implements ProcessStats {
    double cpuS;
    long rss;

    @Override
    public double cpuSeconds() {
      return cpuS;
    }

    @Override
    public long rssBytes() {
      return rss;
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  @Test
  void cpuEstimateIsTdpTimesProcessShare() {
    ScriptedStats s = new ScriptedStats();
    TdpMatch tdp = new TdpMatch(Power.ofWatts(100), "Test CPU", "Test CPU", "eco2ai", java.util.List.of());
    CpuEstimateProbe p = new CpuEstimateProbe(s, tdp, 4, () -> now[0]);
    ProbeReading a = p.read();
    now[0] += 10_000_000_000L;
    s.cpuS += 20; // 2 of 4 CPUs busy for 10 s: half the TDP = 50 W, 500 J
    ProbeReading b = p.read();
    ComponentEnergy e = p.between(a, b);
    assertThat(e.energy().joules()).isCloseTo(500.0, within(1e-9));
    assertThat(b.power().watts()).isCloseTo(50.0, within(1e-9));
    assertThat(e.method()).isEqualTo(Method.ESTIMATED);
    assertThat(e.warnings()).first().asString()
        .isEqualTo("CPU energy estimated as TDP 100.0 W (Test CPU, eco2ai) x CPU share of scripted over 4 logical "
            + "CPUs: RAPL is not readable here.");
  }

  @Test
  void ramIsWattsPerGbOfResidentMemoryIntegrated() {
    ScriptedStats s = new ScriptedStats();
    s.rss = 2L * 1024 * 1024 * 1024;
    RamProbe r = new RamProbe(s, RamProbe.ECO2AI_W_PER_GB, () -> now[0]);
    ProbeReading a = r.read();
    now[0] += 10_000_000_000L;
    ComponentEnergy e = r.between(a, r.read());
    assertThat(e.energy().joules()).isCloseTo(0.75 * 10, within(1e-9));
    assertThat(e.warnings()).containsExactly("RAM energy estimated as 0.375 W per GB resident (scripted), not measured.");
    assertThatThrownBy(() -> new RamProbe(s, -1, () -> 0)).hasMessage("ram_w_per_gb must be >= 0, got -1.0");
  }

  @Test
  void thisJvmHasCpuTimeAndResidentMemory() {
    ProcessStats self = ProcessStats.self();
    assertThat(self.cpuSeconds()).isPositive();
    assertThat(self.rssBytes()).isGreaterThan(1024L * 1024);
  }

  private void stat(Path proc, long pid, long ppid, long utime, long stime, long rssPages) throws IOException {
    Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
    // comm with spaces and parentheses, as real ones may have
    Files.writeString(d.resolve("stat"), pid + " (my (odd) cmd) S " + ppid + " 1 1 0 -1 4194304 100 0 0 0 "
        + utime + " " + stime + " 0 0 20 0 1 0 100 1000000 " + rssPages + " 18446744073709551615\n");
  }

  @Test
  void processTreeSumsDescendantsAndRemembersEndedOnes() throws IOException {
    Path proc = Files.createDirectories(tmp.resolve("proc"));
    stat(proc, 100, 1, 100, 50, 1000);   // root: 1.5 s
    stat(proc, 101, 100, 200, 0, 2000);  // child: 2 s
    stat(proc, 102, 101, 10, 10, 10);    // grandchild: 0.2 s
    stat(proc, 200, 1, 9999, 9999, 99);  // not in the tree
    ProcessStats t = ProcessStats.tree(100, proc);
    assertThat(t.cpuSeconds()).isCloseTo(3.7, within(1e-9));
    assertThat(t.rssBytes()).isEqualTo(3010L * 4096);
    // the grandchild ends: its CPU time stays counted, its memory does not
    Files.delete(proc.resolve("102/stat"));
    Files.delete(proc.resolve("102"));
    assertThat(t.cpuSeconds()).isCloseTo(3.7, within(1e-9));
    assertThat(t.rssBytes()).isEqualTo(3000L * 4096);
  }

  @Test
  void childTreeUsesTheReapedCpuTimeOnceTheChildHasEnded() throws IOException {
    Path proc = Files.createDirectories(tmp.resolve("proc2"));
    Files.createDirectories(proc.resolve("self"));
    String selfStat = "1 (java) S 0 1 1 0 -1 0 0 0 0 0 500 100 %d %d 20 0 1 0 1 1 1000\n";
    Files.writeString(proc.resolve("self/stat"), String.format(selfStat, 40, 10)); // 0.5 s reaped earlier
    stat(proc, 300, 1, 10, 0, 100);
    ProcessStats t = ProcessStats.childTree(300, proc);
    assertThat(t.cpuSeconds()).isCloseTo(0.1, within(1e-9));
    // the child ends after 1.2 s of CPU (0.3 s of it in a grandchild we never saw); the JVM reaps it
    Files.delete(proc.resolve("300/stat"));
    Files.writeString(proc.resolve("self/stat"), String.format(selfStat, 160, 10));
    assertThat(t.cpuSeconds()).isCloseTo(1.2, within(1e-9));
    assertThat(t.rssBytes()).isZero();
  }

  @Test
  void tdpTablesMatchNormalisedNames() {
    CpuTdp t = CpuTdp.bundled();
    TdpMatch m = t.lookup("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", 80);
    assertThat(m.tdp().watts()).isEqualTo(125.0);
    assertThat(m.source()).isEqualTo("eco2ai");
    assertThat(m.warnings()).isEmpty();
    assertThat(t.lookup("AMD Ryzen 9 5950X 16-Core Processor", 32).tdp().watts()).isEqualTo(105.0);
    assertThat(CpuTdp.normalise("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz")).isEqualTo("core i7-8700k");
    assertThat(t.lookup("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", 12).tdp().watts()).isEqualTo(95.0);
  }

  @Test
  void unknownCpuUsesARecordedFallback() {
    TdpMatch m = CpuTdp.bundled().lookup("Intel(R) Xeon(R) Processor", 2);
    assertThat(m.found()).isFalse();
    assertThat(m.tdp().watts()).isEqualTo(20.0);
    assertThat(m.warnings()).containsExactly("CPU model \"Intel(R) Xeon(R) Processor\" is in neither TDP table "
        + "(data/hardware/): TDP assumed 10 W per logical CPU x 2 = 20 W. Measure with RAPL or pass the real TDP.");
    // Eco2AI's table has a family-only row "Intel Xeon" (61 W) which Eco2AI-compatible accounting takes
    TdpMatch e = CpuTdp.bundled().lookupEco2ai("Intel(R) Xeon(R) Processor");
    assertThat(e.tdp().watts()).isEqualTo(61.0);
    assertThat(CpuTdp.bundled().lookupEco2ai("Zilog Z80").tdp().watts()).isEqualTo(100.1);
  }

  @Test
  void codecarbonTableIsTheSecondChoice() {
    CpuTdp t = new CpuTdp(Map.of("Intel Xeon Gold 6230", 125.0), Map.of("Xeon Gold 6999", 42.0));
    TdpMatch m = t.lookup("Intel(R) Xeon(R) Gold 6999 CPU @ 1.00GHz", 8);
    assertThat(m.source()).isEqualTo("codecarbon");
    assertThat(m.tdp().watts()).isEqualTo(42.0);
  }

  @Test
  void cpuinfoModelAndCount() throws IOException {
    Path f = tmp.resolve("cpuinfo");
    Files.writeString(f, "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\n"
        + "model name\t: Intel(R) Xeon(R) Processor\n");
    assertThat(CpuTdp.cpuModelName(f)).contains("Intel(R) Xeon(R) Processor");
    assertThat(CpuTdp.logicalCpus(f)).isEqualTo(2);
  }

  @Test
  void onThisMachineTheCpuProbeIsAnEstimateAndSaysSo() {
    EnergyProbe p = EnergyProbes.cpu(ProcessStats.self());
    if (!RaplProbe.available(RaplProbe.DEFAULT_ROOT)) {
      assertThat(p.method()).isEqualTo(Method.ESTIMATED);
      assertThat(p.warnings()).anyMatch(w -> w.contains("RAPL is not readable here"));
    }
  }
}
