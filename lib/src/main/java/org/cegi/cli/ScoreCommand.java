package org.cegi.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cegi score FILE.json [--out RESULT.json]}: recomputes a golden-vector file with the cegi metrics and
 * writes the same structure with the computed values in place of the expected ones; then reports how many
 * values agree with the file's (absolute tolerance 1e-9; signatures compared without their version).
 * Exit code 0 when all agree, 3 when some differ, 2 on bad input.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute a metric golden-vector file (BLEU, chrF, ROUGE, COCO caption, VQA, Text-to-SQL) and compare.",
      "Writes the file with computed values in place of the expected ones to --out (or standard output)."
    })
public final class ScoreCommand implements Callable<Integer> {
  static final double TOLERANCE = 1e-9;

  @Parameters(index = "0", paramLabel = "FILE.json", description = "a file in the golden-vector format")
  Path file;

  @Option(names = "--out", paramLabel = "RESULT.json", description = "where to write the recomputed file")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file " + file + " does not exist; pass a golden-vector JSON file");
    }
    JsonObject input;
    try {
      input = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    JsonObject result = new GoldenRescorer(base).rescore(input);
    String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
        .toJson(result) + "\n";
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (out != null) {
      try {
        Files.writeString(out, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out, e);
      }
    } else {
      stdout.print(json);
      stdout.flush();
    }
    Comparison c = new Comparison();
    c.compare("$", input, result);
    String metric = input.has("metric") ? input.get("metric").getAsString() : "?";
    err.println("cegi score " + file.getFileName() + " (" + metric + "): " + c.compared + " values compared, "
        + c.differences.size() + " differ, " + c.notComputed + " not computed"
        + (out != null ? "; wrote " + out : ""));
    c.differences.stream().limit(20).forEach(d -> err.println("  " + d));
    err.flush();
    return c.differences.isEmpty() ? 0 : 3;
  }

  /** Walks the input and the result side by side and counts agreeing leaves. */
  static final class Comparison {
    int compared;
    int notComputed;
    final List<String> differences = new ArrayList<>();

    void compare(String path, JsonElement expected, JsonElement actual) {
      if (actual == null || actual.isJsonNull()) {
        if (expected != null && !expected.isJsonNull()) {
          notComputed++;
        }
        return;
      }
      if (expected == null || expected.isJsonNull()) {
        differences.add(path + ": expected null, computed " + actual);
        return;
      }
      if (expected.isJsonObject() && actual.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject().entrySet()) {
          compare(path + "." + e.getKey(), e.getValue(), actual.getAsJsonObject().get(e.getKey()));
        }
        return;
      }
      if (expected.isJsonArray() && actual.isJsonArray()) {
        var a = expected.getAsJsonArray();
        var b = actual.getAsJsonArray();
        if (a.size() != b.size()) {
          differences.add(path + ": expected " + a.size() + " elements, computed " + b.size());
          return;
        }
        for (int i = 0; i < a.size(); i++) {
          compare(path + "[" + i + "]", a.get(i), b.get(i));
        }
        return;
      }
      if (!isOutput(path)) {
        return;
      }
      if (expected.isJsonPrimitive() && actual.isJsonPrimitive()) {
        var x = expected.getAsJsonPrimitive();
        var y = actual.getAsJsonPrimitive();
        boolean same;
        if (x.isNumber() && y.isNumber()) {
          double ex = x.getAsDouble();
          double ac = y.getAsDouble();
          same = Math.abs(ex - ac) <= Math.max(TOLERANCE, Math.abs(ex) * 1e-12);
        } else if (x.isString() && y.isString()) {
          same = withoutVersion(x.getAsString()).equals(withoutVersion(y.getAsString()));
        } else {
          same = x.equals(y);
        }
        compared++;
        if (!same) {
          differences.add(path + ": expected " + x + ", computed " + y);
        }
        return;
      }
      compared++;
      differences.add(path + ": expected " + expected + ", computed " + actual);
    }

    /** Whether a leaf is one the rescorer computes (not an input copied through). */
    static boolean isOutput(String path) {
      if (path.contains(".expected") || path.startsWith("$.aggregate") || path.startsWith("$.totals")
          || path.endsWith(".order_matters")) {
        return true;
      }
      return path.contains("_vectors[") && !path.endsWith(".text") && !path.endsWith(".raw")
          && !path.endsWith(".input");
    }

    private static String withoutVersion(String s) {
      int i = s.indexOf("|version:");
      return i < 0 ? s : s.substring(0, i);
    }
  }
}
