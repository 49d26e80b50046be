package org.cegi.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cegi.eval.Bleu;
import org.cegi.eval.BleuScore;
import org.cegi.eval.CaptionImage;
import org.cegi.eval.Chrf;
import org.cegi.eval.ChrfScore;
import org.cegi.eval.CocoBleu;
import org.cegi.eval.CocoCaptionEval;
import org.cegi.eval.PtbTokenizer;
import org.cegi.eval.Rouge;
import org.cegi.eval.RougeScore;
import org.cegi.eval.RougeType;
import org.cegi.eval.VqaAccuracy;
import org.cegi.eval.sql.SqlExecution;

/**
 * Recomputes every expected value of a golden-vector file (the format of {@code testdata/metrics/}) with the
 * cegi metrics and writes them into a copy of the file, in place of the expected ones.
 */
final class GoldenRescorer {
  private final Path base;

  GoldenRescorer(Path base) {
    this.base = base;
  }

  /** Returns a deep copy of {@code file} with every {@code expected} block recomputed. */
  JsonObject rescore(JsonObject file) {
    JsonObject out = file.deepCopy();
    String metric = out.has("metric") ? out.get("metric").getAsString() : "";
    if (metric.equals("BLEU")) {
      bleu(out);
    } else if (metric.equals("chrF")) {
      chrf(out);
    } else if (metric.equals("ROUGE")) {
      rouge(out);
    } else if (metric.startsWith("COCO caption")) {
      coco(out);
    } else if (metric.equals("VQA accuracy")) {
      vqa(out);
    } else if (metric.startsWith("Text-to-SQL")) {
      sql(out);
    } else {
      throw new IllegalArgumentException("metric \"" + metric + "\" is not supported by cegi score; supported:"
          + " BLEU, chrF, ROUGE, COCO caption metrics, VQA accuracy, Text-to-SQL execution accuracy"
          + (metric.equals("SPICE") ? " (SPICE needs the SPICE 1.0 jar and CoreNLP models, not available)" : ""));
    }
    return out;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(e -> out.add(e.isJsonNull() ? null : e.getAsString()));
    return out;
  }

  private static List<JsonObject> objects(JsonArray a) {
    List<JsonObject> out = new ArrayList<>();
    a.forEach(e -> out.add(e.getAsJsonObject()));
    return out;
  }

  private static JsonArray numbers(List<? extends Number> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static JsonArray stringArray(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  // ---- BLEU and chrF ---------------------------------------------------------------------------------------

  private static Bleu bleuScorer(JsonObject config) {
    String tok = config.get("tokenize").getAsString();
    return Bleu.builder()
        .tokenize(switch (tok) {
          case "13a" -> Bleu.Tokenize.THIRTEEN_A;
          case "none" -> Bleu.Tokenize.NONE;
          default -> throw new IllegalArgumentException("tokenize \"" + tok + "\" is not supported; use 13a or none");
        })
        .lowercase(config.get("lowercase").getAsBoolean())
        .effectiveOrder(config.get("effective_order").getAsBoolean())
        .build();
  }

  private static JsonObject bleuJson(BleuScore s) {
    JsonObject o = new JsonObject();
    o.addProperty("score", s.score());
    o.add("counts", numbers(s.counts()));
    o.add("totals", numbers(s.totals()));
    o.add("precisions", numbers(s.precisions()));
    o.addProperty("bp", s.bp());
    o.addProperty("ratio", s.ratio());
    o.addProperty("sys_len", s.sysLen());
    o.addProperty("ref_len", s.refLen());
    o.addProperty("formatted", s.formatted());
    o.addProperty("signature", s.signature());
    return o;
  }

  private static void bleu(JsonObject f) {
    JsonObject configs = f.getAsJsonObject("configs");
    for (JsonObject c : objects(f.getAsJsonArray("corpus_cases"))) {
      List<String> hyps = strings(c.getAsJsonArray("hypotheses"));
      List<List<String>> refs = Bleu.segmentsFromStreams(streams(c.getAsJsonArray("references")));
      JsonObject x = c.getAsJsonObject("expected");
      for (String k : new ArrayList<>(x.keySet())) {
        x.add(k, bleuJson(bleuScorer(configs.getAsJsonObject(k)).corpusScore(hyps, refs)));
      }
    }
    for (JsonObject c : objects(f.getAsJsonArray("sentence_cases"))) {
      String hyp = c.get("hypothesis").getAsString();
      List<String> refs = strings(c.getAsJsonArray("references"));
      JsonObject x = c.getAsJsonObject("expected");
      for (String k : new ArrayList<>(x.keySet())) {
        x.add(k, bleuJson(bleuScorer(configs.getAsJsonObject(k)).sentenceScore(hyp, refs)));
      }
    }
  }

  private static List<List<String>> streams(JsonArray a) {
    List<List<String>> out = new ArrayList<>();
    a.forEach(e -> out.add(strings(e.getAsJsonArray())));
    return out;
  }

  private static JsonObject chrfJson(ChrfScore s) {
    JsonObject o = new JsonObject();
    o.addProperty("score", s.score());
    o.addProperty("formatted", s.formatted());
    o.addProperty("signature", s.signature());
    return o;
  }

  private static void chrf(JsonObject f) {
    for (JsonObject c : objects(f.getAsJsonArray("corpus_cases"))) {
      ChrfScore s = Chrf.corpus(strings(c.getAsJsonArray("hypotheses")),
          Bleu.segmentsFromStreams(streams(c.getAsJsonArray("references"))));
      JsonObject x = c.getAsJsonObject("expected");
      new ArrayList<>(x.keySet()).forEach(k -> x.add(k, chrfJson(s)));
    }
    for (JsonObject c : objects(f.getAsJsonArray("sentence_cases"))) {
      ChrfScore s = Chrf.sentence(c.get("hypothesis").getAsString(), strings(c.getAsJsonArray("references")));
      JsonObject x = c.getAsJsonObject("expected");
      new ArrayList<>(x.keySet()).forEach(k -> x.add(k, chrfJson(s)));
    }
  }

  // ---- ROUGE -----------------------------------------------------------------------------------------------

  private static JsonObject rougeJson(Map<RougeType, RougeScore> s) {
    JsonObject o = new JsonObject();
    for (RougeType t : RougeType.values()) {
      JsonObject p = new JsonObject();
      p.addProperty("precision", s.get(t).precision());
      p.addProperty("recall", s.get(t).recall());
      p.addProperty("fmeasure", s.get(t).fmeasure());
      o.add(t.label(), p);
    }
    return o;
  }

  private static Rouge rougeFor(String variant) {
    return Rouge.withStemmer(variant.equals("stem_true"));
  }

  private static void rouge(JsonObject f) {
    List<String> targets = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    for (JsonObject c : objects(f.getAsJsonArray("cases"))) {
      targets.add(c.get("target").getAsString());
      predictions.add(c.get("prediction").getAsString());
      JsonObject x = c.getAsJsonObject("expected");
      for (String k : new ArrayList<>(x.keySet())) {
        x.add(k, rougeJson(rougeFor(k).score(c.get("target").getAsString(), c.get("prediction").getAsString())));
      }
    }
    if (f.has("multi_reference_cases")) {
      for (JsonObject c : objects(f.getAsJsonArray("multi_reference_cases"))) {
        JsonObject x = c.getAsJsonObject("expected");
        for (String k : new ArrayList<>(x.keySet())) {
          x.add(k, rougeJson(rougeFor(k).scoreMulti(strings(c.getAsJsonArray("targets")),
              c.get("prediction").getAsString())));
        }
      }
    }
    if (f.has("aggregate_mean")) {
      JsonObject agg = f.getAsJsonObject("aggregate_mean");
      for (String k : new ArrayList<>(agg.keySet())) {
        agg.add(k, rougeJson(rougeFor(k).mean(targets, predictions)));
      }
    }
    if (f.has("tokenizer_vectors")) {
      for (JsonObject v : objects(f.getAsJsonArray("tokenizer_vectors"))) {
        String text = v.get("text").getAsString();
        v.add("tokens", stringArray(Rouge.tokenize(text, false)));
        v.add("tokens_stemmed", stringArray(Rouge.tokenize(text, true)));
      }
    }
  }

  // ---- COCO ------------------------------------------------------------------------------------------------

  private static List<CaptionImage> images(JsonArray a) {
    List<CaptionImage> out = new ArrayList<>();
    for (JsonObject o : objects(a)) {
      out.add(new CaptionImage(o.get("image_id").getAsString(), o.get("candidate").getAsString(),
          strings(o.getAsJsonArray("references"))));
    }
    return out;
  }

  private static JsonElement imageId(JsonObject source) {
    return source.get("image_id").deepCopy();
  }

  private static void cocoExpected(JsonObject c, CocoCaptionEval.Evaluation e, boolean withTokens) {
    JsonObject x = c.getAsJsonObject("expected");
    List<JsonObject> src = objects(c.getAsJsonArray("images"));
    if (withTokens) {
      JsonArray tok = new JsonArray();
      for (int i = 0; i < src.size(); i++) {
        JsonObject o = new JsonObject();
        o.add("image_id", imageId(src.get(i)));
        o.addProperty("candidate", e.tokenized().get(i).candidate());
        o.add("references", stringArray(e.tokenized().get(i).references()));
        tok.add(o);
      }
      x.add("tokenized", tok);
    }
    JsonObject scores = new JsonObject();
    e.scores().forEach(scores::addProperty);
    x.add("scores", scores);
    JsonArray per = new JsonArray();
    for (int i = 0; i < src.size(); i++) {
      JsonObject o = new JsonObject();
      o.add("image_id", imageId(src.get(i)));
      e.perImage().get(i).forEach(o::addProperty);
      per.add(o);
    }
    x.add("per_image", per);
    CocoBleu.Stats st = new CocoBleu().stats(e.tokenized());
    JsonObject stats = new JsonObject();
    stats.addProperty("testlen", st.testlen());
    stats.addProperty("reflen", st.reflen());
    stats.add("guess", numbers(st.guess()));
    stats.add("correct", numbers(st.correct()));
    x.add("bleu_corpus_stats", stats);
  }

  private static void coco(JsonObject f) {
    CocoCaptionEval eval = CocoCaptionEval.standard();
    if (f.has("pipeline_cases")) {
      for (JsonObject c : objects(f.getAsJsonArray("pipeline_cases"))) {
        cocoExpected(c, eval.evaluate(images(c.getAsJsonArray("images"))), true);
      }
    }
    if (f.has("pretokenized_cases")) {
      for (JsonObject c : objects(f.getAsJsonArray("pretokenized_cases"))) {
        cocoExpected(c, eval.evaluatePretokenized(images(c.getAsJsonArray("images"))), false);
      }
    }
    if (f.has("ptb_tokenizer_vectors")) {
      for (JsonObject v : objects(f.getAsJsonArray("ptb_tokenizer_vectors"))) {
        v.addProperty("tokenized", PtbTokenizer.tokenizeCaption(v.get("raw").getAsString()));
      }
    }
  }

  // ---- VQA -------------------------------------------------------------------------------------------------

  private static void vqa(JsonObject f) {
    List<VqaAccuracy.Question> qs = new ArrayList<>();
    for (JsonObject c : objects(f.getAsJsonArray("cases"))) {
      List<String> answers = strings(c.getAsJsonArray("answers"));
      String pred = c.get("prediction").getAsString();
      VqaAccuracy.Result r = VqaAccuracy.score(answers, pred);
      JsonObject x = c.getAsJsonObject("expected");
      x.addProperty("accuracy", r.accuracy());
      x.addProperty("accuracy_percent_rounded", r.accuracyPercentRounded());
      x.addProperty("normalization_applied", r.normalizationApplied());
      x.addProperty("prediction_processed", r.predictionProcessed());
      x.add("answers_processed", stringArray(r.answersProcessed()));
      x.addProperty("matching_answers", r.matchingAnswers());
      qs.add(new VqaAccuracy.Question(c.get("question_type").getAsString(), c.get("answer_type").getAsString(),
          answers, pred));
    }
    if (f.has("aggregate")) {
      VqaAccuracy.Summary s = VqaAccuracy.aggregate(qs);
      JsonObject a = f.getAsJsonObject("aggregate");
      a.addProperty("overall_percent_rounded", s.overallPercentRounded());
      a.addProperty("overall_mean_unrounded", s.overallMean());
      JsonObject pq = new JsonObject();
      s.perQuestionType().forEach(pq::addProperty);
      a.add("perQuestionType", pq);
      JsonObject pa = new JsonObject();
      s.perAnswerType().forEach(pa::addProperty);
      a.add("perAnswerType", pa);
    }
    if (f.has("normalization_vectors")) {
      for (JsonObject v : objects(f.getAsJsonArray("normalization_vectors"))) {
        String in = v.get("input").getAsString();
        String stripped = VqaAccuracy.normalizeWhitespace(in);
        String punct = VqaAccuracy.processPunctuation(stripped);
        v.addProperty("after_strip", stripped);
        v.addProperty("after_processPunctuation", punct);
        v.addProperty("normalized", VqaAccuracy.processDigitArticle(punct));
      }
    }
  }

  // ---- SQL -------------------------------------------------------------------------------------------------

  private void sql(JsonObject f) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("cegi-score-sql");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the SQLite databases", e);
    }
    try {
      Map<String, List<Path>> suites = new HashMap<>();
      for (Map.Entry<String, JsonElement> e : f.getAsJsonObject("databases").entrySet()) {
        JsonObject d = e.getValue().getAsJsonObject();
        String main = d.get("main").getAsString();
        List<String> scripts = new ArrayList<>(List.of(main));
        for (String s : strings(d.getAsJsonArray("suite_scripts"))) {
          if (!s.equals(main)) {
            scripts.add(s);
          }
        }
        List<Path> suite = new ArrayList<>();
        for (String s : scripts) {
          Path db = tmp.resolve(e.getKey() + "-" + suite.size() + ".sqlite");
          SqlExecution.buildDatabase(base.resolve(s), db);
          suite.add(db);
        }
        suites.put(e.getKey(), suite);
      }
      JsonObject variants = f.getAsJsonObject("settings").getAsJsonObject("variants");
      Map<String, Integer> accepted = new LinkedHashMap<>();
      for (JsonObject c : objects(f.getAsJsonArray("cases"))) {
        JsonObject x = c.getAsJsonObject("expected");
        List<Path> suite = suites.get(c.get("db_id").getAsString());
        if (suite == null) {
          throw new IllegalArgumentException("case " + c.get("id").getAsString() + " names db_id "
              + c.get("db_id").getAsString() + ", which the file's databases block does not define");
        }
        boolean orderMatters = false;
        for (String k : new ArrayList<>(x.keySet())) {
          JsonObject v = variants.getAsJsonObject(k);
          SqlExecution exec = SqlExecution.builder().keepDistinct(v.get("keep_distinct").getAsBoolean())
              .plugValue(v.get("plug_value").getAsBoolean()).build();
          SqlExecution.Outcome o = exec.evaluate(suite, c.get("gold").getAsString(), c.get("pred").getAsString());
          x.addProperty(k, o.score());
          accepted.merge(k, o.score(), Integer::sum);
          orderMatters = o.orderMatters();
        }
        if (c.has("order_matters")) {
          c.addProperty("order_matters", orderMatters);
        }
      }
      if (f.has("totals")) {
        JsonObject t = f.getAsJsonObject("totals");
        t.addProperty("count", f.getAsJsonArray("cases").size());
        JsonObject acc = t.getAsJsonObject("accepted");
        for (String k : new ArrayList<>(acc.keySet())) {
          acc.add(k, accepted.containsKey(k) ? new JsonPrimitive(accepted.get(k)) : JsonNull.INSTANCE);
        }
      }
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }
}
