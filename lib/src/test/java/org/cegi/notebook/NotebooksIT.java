package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebook of {@code notebooks/} headlessly on the project's kernel (reduced sizes: profile
 * {@code test}) and fails with the failing cell and its Java stack trace in the message.
 */
class NotebooksIT {

  @TestFactory
  Stream<DynamicTest> everyNotebookExecutes() throws Exception {
    Path out = NotebookRunner.ROOT.resolve("build/test-output");
    List<Path> notebooks = NotebookRunner.projectNotebooks();
    assertThat(notebooks).as("notebooks in %s", NotebookRunner.ROOT.resolve("notebooks")).isNotEmpty();
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
      NotebookRunner.Result r = NotebookRunner.run(out, List.of(), nb);
      assertThat(r.exitCode()).as("notebook %s failed:%n%s", nb.getFileName(), r.output()).isZero();
      String name = nb.getFileName().toString().replace(".ipynb", "");
      assertThat(out.resolve("notebooks/" + name + ".ipynb")).isRegularFile();
      Path html = out.resolve("html/" + name + ".html");
      assertThat(html).isRegularFile();
      String page = Files.readString(html);
      assertThat(page).contains("<html").doesNotContain("<script src=");
    }));
  }
}
