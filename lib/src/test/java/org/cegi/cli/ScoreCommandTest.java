package org.cegi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {
  @TempDir Path tmp;

  static Path golden(String name) throws Exception {
    return Path.of(ScoreCommandTest.class.getResource("/metrics/" + name).toURI());
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Cegi.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static JsonObject read(Path p) throws Exception {
    return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  @Test
  void rescoresBleuFileWithAllValuesAgreeing() throws Exception {
    Path out = tmp.resolve("bleu-result.json");
    Run r = run("score", golden("bleu.json").toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("(BLEU): ").contains(" 0 differ, 0 not computed");
    JsonObject result = read(out);
    JsonObject first = result.getAsJsonArray("corpus_cases").get(0).getAsJsonObject()
        .getAsJsonObject("expected").getAsJsonObject("corpus_13a");
    assertThat(first.get("score").getAsDouble()).isEqualTo(48.530827009929865);
    assertThat(first.get("signature").getAsString()).endsWith("|version:" + org.cegi.eval.Bleu.VERSION);
    assertThat(result.keySet()).isEqualTo(read(golden("bleu.json")).keySet());
  }

  @Test
  void rescoresVqaRougeChrfAndCocoFiles() throws Exception {
    for (String f : new String[] {"vqa.json", "rouge.json", "chrf.json", "coco_caption.json"}) {
      Path out = tmp.resolve("r-" + f);
      Run r = run("score", golden(f).toString(), "--out", out.toString());
      assertThat(r.code()).as(f + ": " + r.err()).isZero();
      assertThat(r.err()).contains(" 0 differ, 0 not computed");
      assertThat(Files.size(out)).isPositive();
    }
  }

  @Test
  void rescoresSqlFileInAllFourSettings() throws Exception {
    Path out = tmp.resolve("sql.json");
    Run r = run("score", golden("sql_exec.json").toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains(" 0 differ, 0 not computed");
    JsonObject totals = read(out).getAsJsonObject("totals").getAsJsonObject("accepted");
    assertThat(totals.get("default").getAsInt()).isEqualTo(18);
    assertThat(totals.get("keep_distinct").getAsInt()).isEqualTo(16);
    assertThat(totals.get("plug_value").getAsInt()).isEqualTo(21);
    assertThat(totals.get("plug_value_keep_distinct").getAsInt()).isEqualTo(19);
  }

  @Test
  void writesToStandardOutputWithoutOut() throws Exception {
    Run r = run("score", golden("vqa.json").toString());
    assertThat(r.code()).isZero();
    assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("metric").getAsString()).isEqualTo("VQA accuracy");
  }

  @Test
  void reportsDifferencesWithExitCode3() throws Exception {
    JsonObject f = read(golden("vqa.json"));
    f.getAsJsonArray("cases").get(0).getAsJsonObject().getAsJsonObject("expected").addProperty("accuracy", 0.5);
    Path in = tmp.resolve("vqa-bad.json");
    Files.writeString(in, f.toString());
    Run r = run("score", in.toString(), "--out", tmp.resolve("o.json").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("1 differ").contains("$.cases[0].expected.accuracy: expected 0.5, computed 0.0");
  }

  @Test
  void badInputIsExitCode2WithAMessage() throws Exception {
    Run missing = run("score", tmp.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist; pass a golden-vector JSON file");
    Run spice = run("score", golden("spice.json").toString(), "--out", tmp.resolve("s.json").toString());
    assertThat(spice.code()).isEqualTo(2);
    assertThat(spice.err()).contains("metric \"SPICE\" is not supported").contains("SPICE 1.0 jar");
  }
}
