package org.cegi.tasks.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cegi.internal.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  @TempDir Path dir;

  /** The committed samples are exactly what the generator writes (so the README's command reproduces them). */
  @Test
  void regeneratingGivesTheCommittedFiles() throws Exception {
    new SampleGenerator().writeAll(dir);
    Path committed = DataFiles.dataDir().orElseThrow().resolve("tasks");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSize(4 + 40 + 20);
    for (Path f : files) {
      Path c = committed.resolve(dir.relativize(f).toString());
      assertThat(c).as("committed copy of " + dir.relativize(f)).exists();
      assertThat(Files.readAllBytes(c)).as(c.toString()).isEqualTo(Files.readAllBytes(f));
    }
  }
}
