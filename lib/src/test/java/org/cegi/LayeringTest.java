package org.cegi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of CONVENTIONS.md, checked on the sources: lower layers never import higher ones, and the outside
 * libraries stay behind their seams (DJL and ONNX Runtime in {@code model}, JNA in {@code energy}, Tablesaw and
 * XChart in {@code frames}, {@code plots} and {@code notebook}, picocli in {@code cli}).
 *
 * <p>{@code lab} (the embedded Green-AI lab: synthetic data, measured training runs, scoring, CEGI) sits beside
 * {@code bench}: it orchestrates; the DJL training engine it drives lives in {@code model.lab}.
 *
 * <p>One deliberate reading of the diagram: {@code tasks} may import {@code eval}, because a task owns the scoring of
 * its answers (SQL extraction, the metric that feeds the gain) and {@code eval} is a leaf that imports nothing of
 * the project but {@code internal}, so no cycle can form.
 */
class LayeringTest {
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("internal", Set.of()),
      Map.entry("energy", Set.of("internal")),
      Map.entry("measure", Set.of("energy", "internal")),
      Map.entry("carbon", Set.of("energy", "measure", "internal")),
      Map.entry("index", Set.of("carbon", "energy", "internal")),
      Map.entry("eval", Set.of("internal")),
      Map.entry("model", Set.of("internal")),
      Map.entry("tasks", Set.of("model", "eval", "internal")),
      Map.entry("bench", Set.of("energy", "measure", "carbon", "index", "eval", "model", "tasks", "internal")),
      Map.entry("lab", Set.of("energy", "measure", "carbon", "index", "eval", "model", "tasks", "internal")),
      Map.entry("frames", Set.of("lab", "bench", "energy", "measure", "carbon", "index", "eval", "model", "tasks", "internal")),
      Map.entry("plots", Set.of("frames", "lab", "bench", "energy", "measure", "carbon", "index", "eval", "model", "tasks",
          "internal")),
      Map.entry("notebook", Set.of("plots", "frames", "lab", "bench", "energy", "measure", "carbon", "index", "eval", "model",
          "tasks", "internal")),
      Map.entry("cli", Set.of("notebook", "plots", "frames", "lab", "bench", "energy", "measure", "carbon", "index", "eval",
          "model", "tasks", "internal")));

  /** Outside packages and the layers allowed to import them. */
  private static final Map<String, Set<String>> SEAMS = Map.of(
      "ai.djl", Set.of("model"),
      "ai.onnxruntime", Set.of("model"),
      "com.sun.jna", Set.of("energy"),
      "tech.tablesaw", Set.of("frames", "plots", "notebook"),
      "org.knowm.xchart", Set.of("frames", "plots", "notebook"),
      "picocli", Set.of("cli"));

  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  private static final Path SOURCES = Path.of("src/main/java/org/cegi");

  @Test
  void everyImportRespectsTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).hasSizeGreaterThan(50);
    for (Path file : files) {
      String layer = SOURCES.relativize(file).getName(0).toString();
      if (file.getParent().equals(SOURCES)) {
        continue; // no classes directly in org.cegi
      }
      assertThat(ALLOWED).as("layer %s of %s is not in the layering table", layer, file).containsKey(layer);
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        String imported = m.group(1);
        if (imported.startsWith("org.cegi.")) {
          String target = imported.substring("org.cegi.".length()).split("\\.")[0];
          if (!target.equals(layer) && !ALLOWED.get(layer).contains(target)) {
            violations.add(file + " (" + layer + ") imports " + imported);
          }
        }
        for (Map.Entry<String, Set<String>> seam : SEAMS.entrySet()) {
          if (imported.startsWith(seam.getKey() + ".") && !seam.getValue().contains(layer)) {
            violations.add(file + " (" + layer + ") imports " + imported + ", allowed only in " + seam.getValue());
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
