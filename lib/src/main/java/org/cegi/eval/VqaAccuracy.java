package org.cegi.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.cegi.internal.Check;

/**
 * VQA accuracy as the official VQA v2 evaluation ({@code vqaEval.py}) computes it. The prediction and the human
 * answers get {@code \n}/{@code \t} → space and are stripped; when the stripped answers are not unanimous, both
 * sides are normalized (punctuation, number words, articles, contractions, with the reference's quirks); the
 * accuracy is the mean over the answers of {@code min(1, matches among the other answers / 3)}, which gives
 * 0, 0.3, 0.6, 0.9 and 1.0 for 0, 1, 2, 3 and 4+ matches among ten answers.
 *
 * <pre>{@code
 * VqaAccuracy.Result r = VqaAccuracy.score(tenHumanAnswers, "two");
 * double acc = r.accuracy();                    // 0..1
 * VqaAccuracy.Summary s = VqaAccuracy.aggregate(questions);
 * double overall = s.overallPercentRounded();   // as the official "overall", 0..100, two decimals
 * }</pre>
 */
public final class VqaAccuracy {
  private VqaAccuracy() {}

  /** The punctuation list of the official code (colon, apostrophe, $, %, #, &amp;, * are absent by design). */
  private static final String[] PUNCT = {
    ";", "/", "[", "]", "\"", "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"
  };

  private static final Pattern COMMA_BETWEEN_DIGITS =
      Pattern.compile("\\d,\\d", Pattern.UNICODE_CHARACTER_CLASS);

  /** The reference passes {@code re.UNICODE} (= 32) as the {@code count} argument: at most 32 periods go. */
  private static final int MAX_PERIODS_REMOVED = 32;

  private static final Map<String, String> NUMBERS = Map.ofEntries(
      Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
      Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
      Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));

  private static final List<String> ARTICLES = List.of("a", "an", "the");

  /**
   * The contraction table of the official code as "key value" pairs. Its keys "Id've", "I'dve", "Im" and "Ive"
   * contain capitals and are looked up after lowercasing, so they never match; they are kept for fidelity.
   */
  private static final Map<String, String> CONTRACTIONS = table(
      "aint ain't|arent aren't|cant can't|couldve could've|couldnt couldn't|couldn'tve couldn't've"
          + "|couldnt've couldn't've|didnt didn't|doesnt doesn't|dont don't|hadnt hadn't|hadnt've hadn't've"
          + "|hadn'tve hadn't've|hasnt hasn't|havent haven't|hed he'd|hed've he'd've|he'dve he'd've|hes he's"
          + "|howd how'd|howll how'll|hows how's|Id've I'd've|I'dve I'd've|Im I'm|Ive I've|isnt isn't|itd it'd"
          + "|itd've it'd've|it'dve it'd've|itll it'll|let's let's|maam ma'am|mightnt mightn't"
          + "|mightnt've mightn't've|mightn'tve mightn't've|mightve might've|mustnt mustn't|mustve must've"
          + "|neednt needn't|notve not've|oclock o'clock|oughtnt oughtn't|ow's'at 'ow's'at|'ows'at 'ow's'at"
          + "|'ow'sat 'ow's'at|shant shan't|shed've she'd've|she'dve she'd've|she's she's|shouldve should've"
          + "|shouldnt shouldn't|shouldnt've shouldn't've|shouldn'tve shouldn't've|somebody'd somebodyd"
          + "|somebodyd've somebody'd've|somebody'dve somebody'd've|somebodyll somebody'll|somebodys somebody's"
          + "|someoned someone'd|someoned've someone'd've|someone'dve someone'd've|someonell someone'll"
          + "|someones someone's|somethingd something'd|somethingd've something'd've"
          + "|something'dve something'd've|somethingll something'll|thats that's|thered there'd"
          + "|thered've there'd've|there'dve there'd've|therere there're|theres there's|theyd they'd"
          + "|theyd've they'd've|they'dve they'd've|theyll they'll|theyre they're|theyve they've|twas 'twas"
          + "|wasnt wasn't|wed've we'd've|we'dve we'd've|weve we've|werent weren't|whatll what'll|whatre what're"
          + "|whats what's|whatve what've|whens when's|whered where'd|wheres where's|whereve where've|whod who'd"
          + "|whod've who'd've|who'dve who'd've|wholl who'll|whos who's|whove who've|whyll why'll|whyre why're"
          + "|whys why's|wont won't|wouldve would've|wouldnt wouldn't|wouldnt've wouldn't've"
          + "|wouldn'tve wouldn't've|yall y'all|yall'll y'all'll|y'allll y'all'll|yall'd've y'all'd've"
          + "|y'alld've y'all'd've|y'all'dve y'all'd've|youd you'd|youd've you'd've|you'dve you'd've"
          + "|youll you'll|youre you're|youve you've");

  private static Map<String, String> table(String pairs) {
    Map<String, String> m = new HashMap<>();
    for (String pair : pairs.split("\\|")) {
      int sp = pair.indexOf(' ');
      m.put(pair.substring(0, sp), pair.substring(sp + 1));
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The outcome for one question.
   *
   * @param accuracy 0..1
   * @param normalizationApplied whether the answers were normalized (false when the GT answers are unanimous)
   * @param predictionProcessed the prediction as compared
   * @param answersProcessed the human answers as compared
   * @param matchingAnswers how many human answers equal the prediction
   */
  public record Result(
      double accuracy,
      boolean normalizationApplied,
      String predictionProcessed,
      List<String> answersProcessed,
      int matchingAnswers) {
    public Result {
      Check.inRange("accuracy", accuracy, 0, 1);
      Check.notNull("predictionProcessed", predictionProcessed);
      answersProcessed = List.copyOf(Check.noNulls("answersProcessed", answersProcessed));
      Check.nonNegative("matchingAnswers", matchingAnswers);
    }

    /** {@code round(100 * accuracy, 2)} as the official per-question value. */
    public double accuracyPercentRounded() {
      return PyText.round(100 * accuracy, 2);
    }
  }

  /**
   * One question of a set to aggregate.
   *
   * @param questionType e.g. {@code "what color is the"}
   * @param answerType {@code yes/no}, {@code number} or {@code other}
   * @param answers the human answers (ten in VQA v2)
   * @param prediction the model's answer
   */
  public record Question(String questionType, String answerType, List<String> answers, String prediction) {
    public Question {
      Check.notNull("questionType", questionType);
      Check.notNull("answerType", answerType);
      answers = List.copyOf(Check.noNulls("answers", answers));
      if (answers.isEmpty()) {
        throw new IllegalArgumentException("answers must hold the human answers, got 0");
      }
      Check.notNull("prediction", prediction);
    }
  }

  /**
   * The official aggregate. Percentages are {@code round(100 * mean, 2)}.
   *
   * @param overallPercentRounded the official "overall"
   * @param overallMean the unrounded mean accuracy, 0..1
   * @param perQuestionType percent per question type, in first-seen order
   * @param perAnswerType percent per answer type, in first-seen order
   */
  public record Summary(
      double overallPercentRounded,
      double overallMean,
      Map<String, Double> perQuestionType,
      Map<String, Double> perAnswerType) {
    public Summary {
      Check.inRange("overallPercentRounded", overallPercentRounded, 0, 100);
      Check.inRange("overallMean", overallMean, 0, 1);
      perQuestionType = Collections.unmodifiableMap(new LinkedHashMap<>(perQuestionType));
      perAnswerType = Collections.unmodifiableMap(new LinkedHashMap<>(perAnswerType));
    }
  }

  /** Scores one prediction against the human answers. */
  public static Result score(List<String> answers, String prediction) {
    Check.noNulls("answers", answers);
    Check.notNull("prediction", prediction);
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("answers must hold the human answers (ten in VQA v2), got 0");
    }
    List<String> gts = new ArrayList<>(answers.size());
    for (String a : answers) {
      gts.add(clean(a));
    }
    String res = clean(prediction);
    boolean normalize = new HashSet<>(gts).size() > 1;
    if (normalize) {
      gts.replaceAll(a -> processDigitArticle(processPunctuation(a)));
      res = processDigitArticle(processPunctuation(res));
    }
    double sum = 0;
    int matching = 0;
    for (int i = 0; i < gts.size(); i++) {
      int others = 0;
      for (int j = 0; j < gts.size(); j++) {
        if (j != i && gts.get(j).equals(res)) {
          others++;
        }
      }
      if (gts.get(i).equals(res)) {
        matching++;
      }
      sum += Math.min(1.0, others / 3.0);
    }
    return new Result(sum / gts.size(), normalize, res, gts, matching);
  }

  /** The official aggregate over a set of questions. */
  public static Summary aggregate(List<Question> questions) {
    Check.noNulls("questions", questions);
    if (questions.isEmpty()) {
      throw new IllegalArgumentException("questions must not be empty: the accuracy of 0 questions is undefined");
    }
    List<Double> all = new ArrayList<>();
    Map<String, List<Double>> byQ = new LinkedHashMap<>();
    Map<String, List<Double>> byA = new LinkedHashMap<>();
    for (Question q : questions) {
      double acc = score(q.answers(), q.prediction()).accuracy();
      all.add(acc);
      byQ.computeIfAbsent(q.questionType(), k -> new ArrayList<>()).add(acc);
      byA.computeIfAbsent(q.answerType(), k -> new ArrayList<>()).add(acc);
    }
    Map<String, Double> pq = new LinkedHashMap<>();
    byQ.forEach((k, v) -> pq.put(k, percent(v)));
    Map<String, Double> pa = new LinkedHashMap<>();
    byA.forEach((k, v) -> pa.put(k, percent(v)));
    double sum = 0;
    for (double a : all) {
      sum += a;
    }
    return new Summary(percent(all), sum / all.size(), pq, pa);
  }

  private static double percent(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return PyText.round(100 * sum / values.size(), 2);
  }

  /** {@code \n} and {@code \t} become spaces, then Python {@code strip()}. */
  public static String normalizeWhitespace(String s) {
    Check.notNull("text", s);
    return clean(s);
  }

  static String clean(String s) {
    return PyText.strip(s.replace('\n', ' ').replace('\t', ' '));
  }

  /** The official {@code processPunctuation}, quirks included. */
  public static String processPunctuation(String in) {
    Check.notNull("text", in);
    String out = in;
    boolean commaDigits = COMMA_BETWEEN_DIGITS.matcher(in).find();
    for (String p : PUNCT) {
      if (in.contains(p + " ") || in.contains(" " + p) || commaDigits) {
        out = out.replace(p, "");
      } else {
        out = out.replace(p, " ");
      }
    }
    // (?!<=\d)(\.)(?!\d): the first group is a lookahead that always succeeds, so: a period not before a digit.
    StringBuilder b = new StringBuilder(out.length());
    int removed = 0;
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c == '.' && removed < MAX_PERIODS_REMOVED
          && !(i + 1 < out.length() && Character.isDigit(out.codePointAt(i + 1)))) {
        removed++;
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }

  /** The official {@code processDigitArticle}: lowercase, number words to digits, no articles, contractions. */
  public static String processDigitArticle(String in) {
    Check.notNull("text", in);
    List<String> out = new ArrayList<>();
    for (String word : PyText.split(PyText.lower(in))) {
      String w = NUMBERS.getOrDefault(word, word);
      if (!ARTICLES.contains(w)) {
        out.add(CONTRACTIONS.getOrDefault(w, w));
      }
    }
    return String.join(" ", out);
  }

  /** Both normalization steps, as applied when the human answers are not unanimous. */
  public static String normalize(String answer) {
    return processDigitArticle(processPunctuation(clean(answer)));
  }
}
