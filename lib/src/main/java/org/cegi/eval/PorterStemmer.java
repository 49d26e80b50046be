package org.cegi.eval;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The Porter stemmer as NLTK 3.8's {@code PorterStemmer()} applies it in its default {@code NLTK_EXTENSIONS}
 * mode, which is what {@code rouge-score} uses: the original five steps plus NLTK's departures (irregular forms,
 * {@code ies}/{@code ied} on four-letter words, the {@code y -> i} rule only after a consonant, {@code alli},
 * {@code fulli} and {@code logi}, and the two-letter {@code *o} condition). Lowercase ASCII input.
 */
final class PorterStemmer {
  private PorterStemmer() {}

  private static final Map<String, String> IRREGULAR = Map.ofEntries(
      Map.entry("skies", "sky"), Map.entry("sky", "sky"),
      Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
      Map.entry("news", "news"),
      Map.entry("innings", "inning"), Map.entry("inning", "inning"),
      Map.entry("outings", "outing"), Map.entry("outing", "outing"),
      Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
      Map.entry("howe", "howe"),
      Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

  /** A suffix rule: when the word ends in {@code suffix}, replace it if the condition on the stem holds. */
  private record Rule(String suffix, String replacement, Predicate<String> condition) {}

  static String stem(String word) {
    String w = PyText.lower(word);
    String irregular = IRREGULAR.get(w);
    if (irregular != null) {
      return irregular;
    }
    if (w.length() <= 2) {
      return w;
    }
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    w = step5b(w);
    return w;
  }

  private static boolean isConsonant(String w, int i) {
    char c = w.charAt(i);
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
      return false;
    }
    if (c == 'y') {
      return i == 0 || !isConsonant(w, i - 1);
    }
    return true;
  }

  /** Porter's m: the number of vowel-consonant sequences. */
  static int measure(String stem) {
    int m = 0;
    boolean prevVowel = false;
    for (int i = 0; i < stem.length(); i++) {
      boolean consonant = isConsonant(stem, i);
      if (consonant && prevVowel) {
        m++;
      }
      prevVowel = !consonant;
    }
    return m;
  }

  private static boolean positiveMeasure(String stem) {
    return measure(stem) > 0;
  }

  private static boolean containsVowel(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      if (!isConsonant(stem, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsDoubleConsonant(String w) {
    int n = w.length();
    return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
  }

  private static boolean endsCvc(String w) {
    int n = w.length();
    if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
      char last = w.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
  }

  /** Applies the first rule whose suffix matches; a failed condition stops the list. */
  private static String applyRules(String w, Rule... rules) {
    for (Rule r : rules) {
      if (r.suffix.equals("*d") && endsDoubleConsonant(w)) {
        String stem = w.substring(0, w.length() - 2);
        return r.condition == null || r.condition.test(stem) ? stem + r.replacement : w;
      }
      if (w.endsWith(r.suffix)) {
        String stem = w.substring(0, w.length() - r.suffix.length());
        return r.condition == null || r.condition.test(stem) ? stem + r.replacement : w;
      }
    }
    return w;
  }

  private static String cut(String w, String suffix) {
    return w.substring(0, w.length() - suffix.length());
  }

  private static String step1a(String w) {
    if (w.endsWith("ies") && w.length() == 4) {
      return cut(w, "ies") + "ie";
    }
    return applyRules(w,
        new Rule("sses", "ss", null),
        new Rule("ies", "i", null),
        new Rule("ss", "ss", null),
        new Rule("s", "", null));
  }

  private static String step1b(String w) {
    if (w.endsWith("ied")) {
      return w.length() == 4 ? cut(w, "ied") + "ie" : cut(w, "ied") + "i";
    }
    if (w.endsWith("eed")) {
      String stem = cut(w, "eed");
      return measure(stem) > 0 ? stem + "ee" : w;
    }
    String intermediate = null;
    for (String suffix : new String[] {"ed", "ing"}) {
      if (w.endsWith(suffix)) {
        String s = cut(w, suffix);
        if (containsVowel(s)) {
          intermediate = s;
          break;
        }
      }
    }
    if (intermediate == null) {
      return w;
    }
    String stem = intermediate;
    char last = stem.isEmpty() ? '\0' : stem.charAt(stem.length() - 1);
    return applyRules(stem,
        new Rule("at", "ate", null),
        new Rule("bl", "ble", null),
        new Rule("iz", "ize", null),
        new Rule("*d", String.valueOf(last), s -> last != 'l' && last != 's' && last != 'z'),
        new Rule("", "e", s -> measure(s) == 1 && endsCvc(s)));
  }

  private static String step1c(String w) {
    return applyRules(w, new Rule("y", "i", s -> s.length() > 1 && isConsonant(s, s.length() - 1)));
  }

  private static String step2(String w) {
    if (w.endsWith("alli") && positiveMeasure(cut(w, "alli"))) {
      return step2(cut(w, "alli") + "al");
    }
    Predicate<String> m0 = PorterStemmer::positiveMeasure;
    return applyRules(w,
        new Rule("ational", "ate", m0),
        new Rule("tional", "tion", m0),
        new Rule("enci", "ence", m0),
        new Rule("anci", "ance", m0),
        new Rule("izer", "ize", m0),
        new Rule("bli", "ble", m0),
        new Rule("alli", "al", m0),
        new Rule("entli", "ent", m0),
        new Rule("eli", "e", m0),
        new Rule("ousli", "ous", m0),
        new Rule("ization", "ize", m0),
        new Rule("ation", "ate", m0),
        new Rule("ator", "ate", m0),
        new Rule("alism", "al", m0),
        new Rule("iveness", "ive", m0),
        new Rule("fulness", "ful", m0),
        new Rule("ousness", "ous", m0),
        new Rule("aliti", "al", m0),
        new Rule("iviti", "ive", m0),
        new Rule("biliti", "ble", m0),
        new Rule("fulli", "ful", m0),
        // NLTK keeps the 'l' of 'logi' with the stem when testing the measure.
        new Rule("logi", "log", s -> positiveMeasure(w.substring(0, w.length() - 3))));
  }

  private static String step3(String w) {
    Predicate<String> m0 = PorterStemmer::positiveMeasure;
    return applyRules(w,
        new Rule("icate", "ic", m0),
        new Rule("ative", "", m0),
        new Rule("alize", "al", m0),
        new Rule("iciti", "ic", m0),
        new Rule("ical", "ic", m0),
        new Rule("ful", "", m0),
        new Rule("ness", "", m0));
  }

  private static String step4(String w) {
    Predicate<String> m1 = s -> measure(s) > 1;
    return applyRules(w,
        new Rule("al", "", m1),
        new Rule("ance", "", m1),
        new Rule("ence", "", m1),
        new Rule("er", "", m1),
        new Rule("ic", "", m1),
        new Rule("able", "", m1),
        new Rule("ible", "", m1),
        new Rule("ant", "", m1),
        new Rule("ement", "", m1),
        new Rule("ment", "", m1),
        new Rule("ent", "", m1),
        new Rule("ion", "", s -> measure(s) > 1 && !s.isEmpty()
            && (s.charAt(s.length() - 1) == 's' || s.charAt(s.length() - 1) == 't')),
        new Rule("ou", "", m1),
        new Rule("ism", "", m1),
        new Rule("ate", "", m1),
        new Rule("iti", "", m1),
        new Rule("ous", "", m1),
        new Rule("ive", "", m1),
        new Rule("ize", "", m1));
  }

  private static String step5a(String w) {
    if (w.endsWith("e")) {
      String stem = cut(w, "e");
      int m = measure(stem);
      if (m > 1) {
        return stem;
      }
      if (m == 1 && !endsCvc(stem)) {
        return stem;
      }
    }
    return w;
  }

  private static String step5b(String w) {
    return applyRules(w, new Rule("ll", "l", s -> measure(w.substring(0, w.length() - 1)) > 1));
  }
}
