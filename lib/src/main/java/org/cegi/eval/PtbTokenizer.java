package org.cegi.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cegi.internal.Check;

/**
 * A Penn-Treebank-style tokenizer written for cegi that reproduces, for caption text, what pycocoevalcap gets from
 * Stanford CoreNLP 3.4.1's {@code PTBTokenizer -preserveLines -lowerCase} followed by its punctuation removal.
 * It is not a port of CoreNLP (which is GPL): it implements the rules captions exercise — punctuation split
 * off words (kept inside numbers, abbreviations, URLs-like tokens and hyphenated words), quotes to
 * {@code ``}/{@code ''}, brackets to {@code -LRB-}/{@code -RRB-} (which survive lowercasing and removal as
 * {@code -lrb-}/{@code -rrb-}), the English clitics ({@code n't}, {@code 's}, {@code 're}, …), runs of
 * {@code !}/{@code ?} as one token, and characters CoreNLP cannot tokenize (emoji, other symbols) deleted.
 * It passes every {@code ptb_tokenizer_vectors} case of the golden file; text far from captions (code, markup,
 * long abbreviation lists) may tokenize differently from CoreNLP.
 *
 * <pre>{@code
 * PtbTokenizer.tokenizeCaption("The dog isn't happy; it's wet.")   // "the dog is n't happy it 's wet"
 * }</pre>
 */
public final class PtbTokenizer {
  private PtbTokenizer() {}

  /** Tokens pycocoevalcap removes after tokenization. */
  public static final Set<String> PUNCTUATION = Set.of(
      "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";");

  private static final Set<String> ABBREVIATIONS = Set.of(
      "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "mt", "vs", "etc", "inc", "ltd", "co", "corp", "ave",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e");

  private static final String[] CLITICS = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"};

  /**
   * One caption as pycocoevalcap hands it to the scorers: newlines become spaces, PTB tokens lowercased,
   * punctuation tokens removed, tokens joined by single spaces.
   */
  public static String tokenizeCaption(String raw) {
    Check.notNull("caption", raw);
    List<String> out = new ArrayList<>();
    for (String t : tokenize(raw.replace('\n', ' ').replace('\r', ' '))) {
      String lower = t.toLowerCase(Locale.ROOT);
      if (!PUNCTUATION.contains(lower)) {
        out.add(lower);
      }
    }
    return String.join(" ", out);
  }

  /** PTB tokens of one line, in their original case (brackets as {@code -LRB-} etc.). */
  public static List<String> tokenize(String line) {
    Check.notNull("line", line);
    String s = normalize(line);
    List<String> tokens = new ArrayList<>();
    for (String chunk : PyText.split(s)) {
      chunk(chunk, tokens);
    }
    return tokens;
  }

  private static String normalize(String line) {
    StringBuilder b = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); ) {
      int c = line.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\u201C', '\u201D', '\u201E' -> b.append('"');
        case '\u2018', '\u2019', '\u201A' -> b.append('\'');
        case '\u2026' -> b.append(" ... ");
        case '\u2013', '\u2014' -> b.append(" -- ");
        default -> {
          if (PyText.isSpace(c)) {
            b.append(' ');
          } else if (untokenizable(c)) {
            // CoreNLP deletes characters its lexer has no rule for (its default "firstDelete").
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static boolean untokenizable(int c) {
    int type = Character.getType(c);
    return type == Character.OTHER_SYMBOL
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED
        || type == Character.CONTROL
        || type == Character.FORMAT
        || (c >= 0xFE00 && c <= 0xFE0F);
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK;
  }

  private static boolean isDigit(String s, int i) {
    return i >= 0 && i < s.length() && Character.isDigit(s.charAt(i));
  }

  /** Splits one whitespace-free chunk into tokens. */
  private static void chunk(String chunk, List<String> out) {
    String s = chunk;
    List<String> tail = new ArrayList<>();
    // Leading punctuation.
    while (!s.isEmpty()) {
      char c = s.charAt(0);
      if (c == '"') {
        out.add("``");
        s = s.substring(1);
      } else if (c == '(' || c == '[' || c == '{') {
        out.add(bracket(c));
        s = s.substring(1);
      } else if (c == '\'' && s.length() > 1 && !isClitic(s) && !Character.isDigit(s.charAt(1))) {
        out.add("`");
        s = s.substring(1);
      } else if (!isWordChar(c) && c != '\'' && c != '$' && c != '#' && c != '@' && c != '&'
          && !(c == '-' && isDigit(s, 1)) && !(c == '.' && isDigit(s, 1))) {
        int end = punctRun(s, 0);
        out.add(s.substring(0, end));
        s = s.substring(end);
      } else {
        break;
      }
    }
    // Trailing punctuation, collected right to left.
    while (!s.isEmpty()) {
      int n = s.length();
      char c = s.charAt(n - 1);
      if (c == '"') {
        tail.add(0, "''");
        s = s.substring(0, n - 1);
      } else if (c == ')' || c == ']' || c == '}') {
        tail.add(0, bracket(c));
        s = s.substring(0, n - 1);
      } else if (c == '.') {
        int start = n - 1;
        while (start > 0 && s.charAt(start - 1) == '.') {
          start--;
        }
        if (n - start >= 2) {
          tail.add(0, s.substring(start));
          s = s.substring(0, start);
        } else if (keepsPeriod(s.substring(0, n - 1))) {
          break;
        } else {
          tail.add(0, ".");
          s = s.substring(0, n - 1);
        }
      } else if (c == '!' || c == '?') {
        int start = n - 1;
        while (start > 0 && (s.charAt(start - 1) == '!' || s.charAt(start - 1) == '?')) {
          start--;
        }
        tail.add(0, s.substring(start));
        s = s.substring(0, start);
      } else if (c == ',' || c == ';' || c == ':' || c == '%') {
        tail.add(0, String.valueOf(c));
        s = s.substring(0, n - 1);
      } else if (c == '-' && n > 1 && s.charAt(n - 2) == '-') {
        tail.add(0, "--");
        s = s.substring(0, n - 2);
      } else {
        break;
      }
    }
    if (!s.isEmpty()) {
      core(s, out);
    }
    out.addAll(tail);
  }

  private static int punctRun(String s, int from) {
    char c = s.charAt(from);
    int end = from + 1;
    if (c == '.' || c == '!' || c == '?' || c == '-') {
      while (end < s.length() && (s.charAt(end) == c || (c != '.' && c != '-' && (s.charAt(end) == '!'
          || s.charAt(end) == '?')))) {
        end++;
      }
    }
    return end;
  }

  private static String bracket(char c) {
    return switch (c) {
      case '(' -> "-LRB-";
      case ')' -> "-RRB-";
      case '[' -> "-LSB-";
      case ']' -> "-RSB-";
      case '{' -> "-LCB-";
      default -> "-RCB-";
    };
  }

  private static boolean isClitic(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    for (String c : CLITICS) {
      if (!c.equals("n't") && l.equals(c)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a word keeps its final period: abbreviations such as {@code a.m} or {@code Mr}. */
  private static boolean keepsPeriod(String word) {
    if (word.isEmpty()) {
      return false;
    }
    String l = word.toLowerCase(Locale.ROOT);
    if (ABBREVIATIONS.contains(l)) {
      return true;
    }
    // Letters separated by periods: a.m, U.S, e.g
    return l.matches("(\\p{L}\\.)+\\p{L}");
  }

  /** A word without surrounding punctuation: split inner punctuation and clitics. */
  private static void core(String s, List<String> out) {
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean split = switch (c) {
        case '"', '(', ')', '[', ']', '{', '}', ';', '!', '?' -> true;
        case ',', ':' -> !(isDigit(s, i - 1) && isDigit(s, i + 1));
        default -> false;
      };
      if (split) {
        if (i > start) {
          word(s.substring(start, i), out);
        }
        String p = String.valueOf(c);
        out.add(c == '"' ? "''" : (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}')
            ? bracket(c) : p);
        start = i + 1;
      }
    }
    if (start < s.length()) {
      word(s.substring(start), out);
    }
  }

  private static void word(String w, List<String> out) {
    String l = w.toLowerCase(Locale.ROOT);
    if (w.startsWith("$") && w.length() > 1) {
      out.add("$");
      word(w.substring(1), out);
      return;
    }
    if (l.equals("cannot")) {
      out.add(w.substring(0, 3));
      out.add(w.substring(3));
      return;
    }
    if (l.equals("gonna") || l.equals("gotta") || l.equals("wanna")) {
      out.add(w.substring(0, 3));
      out.add(w.substring(3));
      return;
    }
    if (l.length() > 3 && l.endsWith("n't")) {
      out.add(w.substring(0, w.length() - 3));
      out.add(w.substring(w.length() - 3));
      return;
    }
    for (String c : CLITICS) {
      if (!c.equals("n't") && l.length() > c.length() && l.endsWith(c)) {
        out.add(w.substring(0, w.length() - c.length()));
        out.add(w.substring(w.length() - c.length()));
        return;
      }
    }
    if (w.length() > 1 && w.endsWith("'")) {
      out.add(w.substring(0, w.length() - 1));
      out.add("'");
      return;
    }
    out.add(w);
  }
}
