package org.cegi.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * String operations with the exact semantics of the Python 3 built-ins the reference metric implementations
 * call ({@code str.split()}, {@code str.strip()}, {@code str.lower()}, {@code round}, {@code format(".2f")}).
 * Not API: the metrics use it so that whitespace and rounding agree with the references to the last digit.
 */
final class PyText {
  private PyText() {}

  /** True for the code points Python's {@code str.isspace()} and {@code str.split()} treat as whitespace. */
  static boolean isSpace(int c) {
    if (c <= 0x20) {
      return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }
    switch (c) {
      case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /** Python {@code s.split()}: runs of whitespace separate tokens; no empty tokens. */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int start = -1;
    for (int i = 0; i < n; ) {
      int c = s.codePointAt(i);
      int len = Character.charCount(c);
      if (isSpace(c)) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += len;
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** Python {@code s.rstrip()}. */
  static String rstrip(String s) {
    int end = s.length();
    while (end > 0) {
      int c = s.codePointBefore(end);
      if (!isSpace(c)) {
        break;
      }
      end -= Character.charCount(c);
    }
    return s.substring(0, end);
  }

  /** Python {@code s.strip()}. */
  static String strip(String s) {
    String r = rstrip(s);
    int start = 0;
    while (start < r.length()) {
      int c = r.codePointAt(start);
      if (!isSpace(c)) {
        break;
      }
      start += Character.charCount(c);
    }
    return r.substring(start);
  }

  /** Python {@code s.lower()} (full Unicode lowercase mapping, locale independent). */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Python {@code format(x, ".Nf")}: the exact binary value rounded half-even. */
  static String fixed(double x, int digits) {
    if (!Double.isFinite(x)) {
      return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    }
    String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    if (x < 0 || (x == 0 && 1 / x < 0)) {
      // Python keeps the sign of a negative value that rounds to zero ("-0.00").
      return s.startsWith("-") ? s : "-" + s;
    }
    return s;
  }

  /** Python 3 {@code round(x, digits)}: correctly rounded, ties to even on the exact binary value. */
  static double round(double x, int digits) {
    if (!Double.isFinite(x)) {
      return x;
    }
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }
}
