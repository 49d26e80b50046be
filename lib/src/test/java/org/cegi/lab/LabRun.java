package org.cegi.lab;

import org.cegi.model.lab.LoraConfig;
import java.nio.file.Path;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.measure.EnergyMonitor;

/**
 * Trains a lab configuration and prints every figure (a committed benchmark, not a test). Run from the repository
 * root after {@code mvn -q -B test-compile -pl lib}:
 * {@code java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -DENGINE_CACHE_DIR=build/engine-cache
 * -cp lib/target/classes:lib/target/test-classes:$(cat cp.txt) org.cegi.lab.LabRun [reduced|defaults] [dir]}.
 */
public final class LabRun {
  private LabRun() {}

  public static void main(String[] args) {
    LabConfig config = args.length > 0 && args[0].equals("reduced") ? LabConfig.reduced() : LabConfig.defaults();
    if (args.length > 2) {
      String[] p = args[2].split(",");
      config = new LabConfig(config.spec(), config.merges(), config.seed(), config.heldOutShare(),
          Integer.parseInt(p[0]), config.summItems(), Integer.parseInt(p[1]), Double.parseDouble(p[2]),
          LoraConfig.allLinear(Integer.parseInt(p[3])), Integer.parseInt(p[4]), Double.parseDouble(p[5]),
          Integer.parseInt(p[6]), config.threads());
    }
    Path dir = Path.of(args.length > 1 ? args[1] : "build/lab");
    long t0 = System.nanoTime();
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      LabReport r = Lab.open(dir).train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"), true,
          System.out::println);
      System.out.print(r.table());
      r.cegis().forEach(c -> System.out.println("CEGI " + c));
    }
    System.out.printf("total %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
