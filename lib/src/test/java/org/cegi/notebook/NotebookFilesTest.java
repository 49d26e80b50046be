package org.cegi.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks follow the house rules: no outputs, the project's kernelspec, no kernel-specific magics
 * or shell escapes, no absolute paths, and the common skeleton (title, imports, steps, summary).
 */
class NotebookFilesTest {
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("\"/(home|work|root|tmp|usr)/|[A-Z]:\\\\");

  @Test
  void committedNotebooksFollowTheHouseRules() throws Exception {
    List<Path> notebooks = NotebookRunner.projectNotebooks();
    assertThat(notebooks).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Path nb : notebooks) {
      String name = nb.getFileName().toString();
      if (!name.matches("\\d\\d-[a-z0-9-]+\\.ipynb")) {
        problems.add(name + ": name must be NN-words.ipynb");
      }
      JsonObject root = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
      String kernel = root.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString();
      if (!kernel.equals("cegi-java")) {
        problems.add(name + ": kernelspec is '" + kernel + "', expected 'cegi-java'");
      }
      boolean summary = false;
      int codeCell = 0;
      for (JsonElement e : root.getAsJsonArray("cells")) {
        JsonObject cell = e.getAsJsonObject();
        String source = source(cell);
        if (cell.get("cell_type").getAsString().equals("markdown")) {
          summary |= source.contains("## Summary");
          continue;
        }
        codeCell++;
        if (cell.has("outputs") && cell.getAsJsonArray("outputs").size() > 0) {
          problems.add(name + ": code cell " + codeCell + " has outputs (commit notebooks without outputs)");
        }
        if (cell.has("execution_count") && !cell.get("execution_count").isJsonNull()) {
          problems.add(name + ": code cell " + codeCell + " has an execution count");
        }
        for (String line : source.split("\n")) {
          if (line.startsWith("%") || line.startsWith("!")) {
            problems.add(name + ": code cell " + codeCell + " uses a magic or shell escape: " + line);
          }
        }
        if (ABSOLUTE_PATH.matcher(source).find()) {
          problems.add(name + ": code cell " + codeCell + " has an absolute path");
        }
      }
      JsonObject first = root.getAsJsonArray("cells").get(0).getAsJsonObject();
      if (!first.get("cell_type").getAsString().equals("markdown") || !source(first).startsWith("# ")) {
        problems.add(name + ": must start with a markdown title cell");
      }
      if (!summary) {
        problems.add(name + ": has no '## Summary' section");
      }
    }
    assertThat(problems).isEmpty();
  }

  private static String source(JsonObject cell) {
    JsonElement s = cell.get("source");
    if (s.isJsonArray()) {
      StringBuilder sb = new StringBuilder();
      s.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
      return sb.toString();
    }
    return s.getAsString();
  }
}
