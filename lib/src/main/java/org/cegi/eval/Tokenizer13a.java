package org.cegi.eval;

import java.util.List;

/**
 * The {@code 13a} tokenizer of sacreBLEU 2.x (mteval-v13a): unescapes four HTML entities, drops
 * {@code <skipped>}, joins hyphen-newline breaks, splits off punctuation and symbols, splits periods and commas
 * except between digits, and dashes after a digit. Implemented as character scans equivalent to the reference's
 * regular expressions, applied in the same order.
 */
final class Tokenizer13a {
  private Tokenizer13a() {}

  /** Tokens of {@code line} as sacreBLEU's {@code tokenize_13a(line).split()} gives them. */
  static List<String> tokenize(String line) {
    String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
    if (s.indexOf('&') >= 0) {
      s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    }
    s = " " + s + " ";
    s = padSymbols(s);
    s = periodCommaAfterNonDigit(s);
    s = periodCommaBeforeNonDigit(s);
    s = dashAfterDigit(s);
    return PyText.split(s);
  }

  /** {@code ([\{-\~\[-\` -\&\(-\+\:-\@\/])} -> {@code " \1 "}. */
  private static boolean isSymbol(char c) {
    return (c >= '{' && c <= '~')
        || (c >= '[' && c <= '`')
        || (c >= ' ' && c <= '&')
        || (c >= '(' && c <= '+')
        || (c >= ':' && c <= '@')
        || c == '/';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String padSymbols(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSymbol(c)) {
        b.append(' ').append(c).append(' ');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code ([^0-9])([\.,])} -> {@code "\1 \2 "}, non-overlapping, left to right. */
  private static String periodCommaAfterNonDigit(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (i + 1 < n && !isDigit(c) && (s.charAt(i + 1) == '.' || s.charAt(i + 1) == ',')) {
        b.append(c).append(' ').append(s.charAt(i + 1)).append(' ');
        i += 2;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /** {@code ([\.,])([^0-9])} -> {@code " \1 \2"}, non-overlapping, left to right. */
  private static String periodCommaBeforeNonDigit(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (i + 1 < n && (c == '.' || c == ',') && !isDigit(s.charAt(i + 1))) {
        b.append(' ').append(c).append(' ').append(s.charAt(i + 1));
        i += 2;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /** {@code ([0-9])(-)} -> {@code "\1 \2 "}. */
  private static String dashAfterDigit(String s) {
    if (s.indexOf('-') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (i + 1 < n && isDigit(c) && s.charAt(i + 1) == '-') {
        b.append(c).append(' ').append('-').append(' ');
        i += 2;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }
}
