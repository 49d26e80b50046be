package org.cegi.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs environment/run_notebooks.py on the project's kernelspec and captures what it prints. */
final class NotebookRunner {
  record Result(int exitCode, String output) {}

  static final Path ROOT = Path.of(System.getProperty("cegi.root", "..")).toAbsolutePath().normalize();
  static final Path KERNELSPEC = ROOT.resolve("build/jupyter/kernels/cegi-java/kernel.json");

  private NotebookRunner() {}

  static void requireKernel() {
    if (!Files.isRegularFile(KERNELSPEC)) {
      throw new IllegalStateException(
          "No Jupyter kernelspec at " + KERNELSPEC + ": run 'bash environment/install.sh' (the README's test command"
              + " 'bash environment/test.sh' does it) before the notebook tests.");
    }
  }

  static List<Path> projectNotebooks() throws IOException {
    try (var s = Files.list(ROOT.resolve("notebooks"))) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  static Result run(Path out, List<String> extraArgs, Path... notebooks) throws IOException, InterruptedException {
    requireKernel();
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", ROOT.resolve("environment/run_notebooks.py").toString(),
        "--profile", "test", "--out", out.toString()));
    cmd.addAll(extraArgs);
    for (Path nb : notebooks) {
      cmd.add(nb.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    String jp = System.getenv("JUPYTER_PATH");
    pb.environment().put("JUPYTER_PATH", ROOT.resolve("build/jupyter") + (jp == null ? "" : ":" + jp));
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Process p = pb.start();
    byte[] bytes = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    String output = new String(bytes, StandardCharsets.UTF_8);
    System.out.println(output);
    return new Result(p.exitValue(), output);
  }
}
