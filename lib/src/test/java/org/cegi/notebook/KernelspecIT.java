package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** environment/kernelspec.py gives rapaio, IJava and JJava the same class path and JVM flags, each its own way. */
class KernelspecIT {
  @TempDir Path tmp;

  private JsonObject write(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3",
        NotebookRunner.ROOT.resolve("environment/kernelspec.py").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return JsonParser.parseString(Files.readString(tmp.resolve("kernels/cegi-java/kernel.json"))).getAsJsonObject();
  }

  private Path file(String name) throws Exception {
    return Files.writeString(tmp.resolve(name), "");
  }

  @Test
  void rapaioGetsTheFixAheadOfTheJarAndASemicolonClassPath() throws Exception {
    Path jar = file("rapaio.jar");
    Path java = file("java");
    JsonObject spec = write("rapaio", "--dest", tmp.resolve("kernels").toString(), "--java", java.toString(),
        "--kernel-jar", jar.toString(), "--patch", "/p/patch", "--root", "/r");
    String argv = spec.getAsJsonArray("argv").toString();
    assertThat(argv).contains("-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-DENGINE_CACHE_DIR=/r/build/engine-cache")
        .contains("\"/p/patch:" + jar + "\"", "org.rapaio.jupyter.kernel.MainApp", "{connection_file}");
    JsonObject env = spec.getAsJsonObject("env");
    assertThat(env.get("RJK_CLASSPATH").getAsString())
        .isEqualTo("/r/lib/target/classes;/r/lib/target/dependency/*.jar");
    assertThat(env.get("DJL_OFFLINE").getAsString()).isEqualTo("true");
  }

  @Test
  void ijavaAndJjavaGetAColonClassPathInTheirOwnVariable() throws Exception {
    Path jar = file("ijava.jar");
    Path java = file("java");
    JsonObject ijava = write("ijava", "--dest", tmp.resolve("kernels").toString(), "--java", java.toString(),
        "--kernel-jar", jar.toString(), "--root", "/r");
    assertThat(ijava.getAsJsonObject("env").get("IJAVA_CLASSPATH").getAsString())
        .isEqualTo("/r/lib/target/classes:/r/lib/target/dependency/*.jar");
    assertThat(ijava.getAsJsonArray("argv").toString()).contains("\"-jar\"", jar.toString(), "-Dai.djl.offline=true");
    JsonObject jjava = write("ijava", "--flavor", "jjava", "--dest", tmp.resolve("kernels").toString(),
        "--java", java.toString(), "--kernel-jar", jar.toString(), "--root", "/r");
    assertThat(jjava.getAsJsonObject("env").has("JJAVA_CLASSPATH")).isTrue();
    assertThat(jjava.getAsJsonObject("env").has("IJAVA_CLASSPATH")).isFalse();
  }
}
