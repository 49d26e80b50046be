package org.cegi.lab;

import java.nio.file.Path;
import org.cegi.carbon.CarbonIntensity;
import org.cegi.measure.EnergyMonitor;
import org.cegi.model.lab.LoraConfig;

/**
 * Trains a vision-lab configuration and prints every figure (a committed benchmark, not a test). Run from the
 * repository root after {@code mvn -q -B test-compile -pl lib}:
 * {@code java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -DENGINE_CACHE_DIR=build/engine-cache
 * -cp lib/target/classes:lib/target/test-classes:lib/target/dependency/* org.cegi.lab.VisionLabRun
 * [reduced|defaults] [dir] [baseSteps,baseLr,loraSteps,loraLr,batch] [threads]}.
 */
public final class VisionLabRun {
  private VisionLabRun() {}

  public static void main(String[] args) {
    VisionLabConfig config = args.length > 0 && args[0].equals("reduced") ? VisionLabConfig.reduced()
        : VisionLabConfig.defaults();
    if (args.length > 2) {
      String[] p = args[2].split(",");
      VisionLabConfig c = config;
      config = new VisionLabConfig(c.spec(), c.mropeSection(), c.visionWidth(), c.merges(), c.seed(), c.imageSize(),
          c.trainScenes(), c.heldOutScenes(), c.genericItems(), Integer.parseInt(p[0]), Double.parseDouble(p[1]),
          LoraConfig.allLinear(c.lora().rank()), Integer.parseInt(p[2]), Double.parseDouble(p[3]),
          Integer.parseInt(p[4]), c.threads());
    }
    if (args.length > 3) {
      config = config.withThreads(Integer.parseInt(args[3]));
    }
    Path dir = Path.of(args.length > 1 ? args[1] : "build/lab");
    long t0 = System.nanoTime();
    try (EnergyMonitor monitor = EnergyMonitor.builder().forThisProcess().start()) {
      VisionLabReport r = VisionLab.open(dir).train(config, monitor, CarbonIntensity.of(436.529, "world", "eco2ai"),
          true, System.out::println);
      System.out.print(r.table());
      System.out.println("CEGI captioning " + r.cegi("captioning"));
      System.out.println("CEGI vqa " + r.cegi("vqa"));
    }
    System.out.printf("total %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
