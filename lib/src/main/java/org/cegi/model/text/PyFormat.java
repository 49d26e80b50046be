package org.cegi.model.text;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style string formatting, {@code fmt % values}, as Jinja2 templates use it: conversions
 * {@code s r a d i u f F e E g G x X o c %}, flags {@code - + space 0 #}, width and precision (numbers or
 * {@code *}), a tuple spread over the placeholders and {@code %(key)s} lookups in a mapping.
 */
final class PyFormat {
  private PyFormat() {}

  static String format(String fmt, Object values) {
    boolean mapping = values instanceof Map<?, ?> && fmt.contains("%(");
    List<?> args = values instanceof Jinja.Tuple t ? t : List.of(values == null ? NONE : values);
    int next = 0;
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < fmt.length()) {
      char ch = fmt.charAt(i++);
      if (ch != '%') {
        out.append(ch);
        continue;
      }
      if (i >= fmt.length()) {
        throw new IllegalArgumentException("'%' formatting: incomplete format at the end of " + Jinja.repr(fmt));
      }
      Object value = null;
      boolean haveValue = false;
      if (fmt.charAt(i) == '(') {
        int close = fmt.indexOf(')', i);
        if (close < 0 || !mapping) {
          throw new IllegalArgumentException("'%' formatting: " + Jinja.repr(fmt) + " names a key but the value is"
              + " not a mapping");
        }
        String key = fmt.substring(i + 1, close);
        Map<?, ?> m = (Map<?, ?>) values;
        if (!m.containsKey(key)) {
          throw new IllegalArgumentException("'%' formatting: no key " + Jinja.repr(key) + " in " + Jinja.repr(values));
        }
        value = m.get(key);
        haveValue = true;
        i = close + 1;
      }
      boolean left = false;
      boolean plus = false;
      boolean space = false;
      boolean zero = false;
      boolean alt = false;
      for (; i < fmt.length() && "-+ 0#".indexOf(fmt.charAt(i)) >= 0; i++) {
        switch (fmt.charAt(i)) {
          case '-': left = true; break;
          case '+': plus = true; break;
          case ' ': space = true; break;
          case '0': zero = true; break;
          default: alt = true;
        }
      }
      int width = -1;
      if (i < fmt.length() && fmt.charAt(i) == '*') {
        width = (int) Jinja.num(arg(args, next++, fmt)).longValue();
        if (width < 0) {
          left = true;
          width = -width;
        }
        i++;
      } else {
        int st = i;
        while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
          i++;
        }
        width = i > st ? Integer.parseInt(fmt.substring(st, i)) : -1;
      }
      int precision = -1;
      if (i < fmt.length() && fmt.charAt(i) == '.') {
        i++;
        if (i < fmt.length() && fmt.charAt(i) == '*') {
          precision = (int) Jinja.num(arg(args, next++, fmt)).longValue();
          i++;
        } else {
          int st = i;
          while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
            i++;
          }
          precision = i > st ? Integer.parseInt(fmt.substring(st, i)) : 0;
        }
      }
      while (i < fmt.length() && "hlL".indexOf(fmt.charAt(i)) >= 0) {
        i++;
      }
      if (i >= fmt.length()) {
        throw new IllegalArgumentException("'%' formatting: incomplete format in " + Jinja.repr(fmt));
      }
      char conv = fmt.charAt(i++);
      if (conv == '%') {
        out.append('%');
        continue;
      }
      if (!haveValue) {
        value = mapping ? values : arg(args, next++, fmt);
      }
      if (value == NONE) {
        value = null;
      }
      String body;
      boolean numeric = true;
      String sign = "";
      switch (conv) {
        case 's':
        case 'r':
        case 'a': {
          numeric = false;
          body = conv == 's' ? Jinja.str(value) : Jinja.repr(value);
          if (precision >= 0 && body.length() > precision) {
            body = body.substring(0, precision);
          }
          break;
        }
        case 'c': {
          numeric = false;
          body = value instanceof String s ? s : new String(Character.toChars((int) Jinja.num(value).longValue()));
          break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
          if (!(value instanceof Number) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("'%' formatting: %" + conv + " format: a real number is required, not "
                + Jinja.repr(value));
          }
          Number n = Jinja.num(value);
          long v = n instanceof Double d ? (long) d.doubleValue() : n.longValue();
          sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
          long mag = Math.abs(v);
          body = conv == 'x' ? Long.toHexString(mag) : conv == 'X' ? Long.toHexString(mag).toUpperCase(Locale.ROOT)
              : conv == 'o' ? Long.toOctalString(mag) : Long.toString(mag);
          if (alt && (conv == 'x' || conv == 'X' || conv == 'o')) {
            body = "0" + conv + body;
          }
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          if (!(value instanceof Number) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("'%' formatting: %" + conv + " format: a real number is required, not "
                + Jinja.repr(value));
          }
          double v = Jinja.num(value).doubleValue();
          sign = v < 0 || (v == 0 && 1 / v < 0) ? "-" : plus ? "+" : space ? " " : "";
          body = floating(Math.abs(v), conv, precision < 0 ? 6 : precision, alt);
          break;
        }
        default:
          throw new IllegalArgumentException("'%' formatting: unsupported format character '" + conv + "' in "
              + Jinja.repr(fmt));
      }
      int pad = width - sign.length() - body.length();
      if (pad <= 0) {
        out.append(sign).append(body);
      } else if (left) {
        out.append(sign).append(body).append(" ".repeat(pad));
      } else if (zero && numeric) {
        out.append(sign).append("0".repeat(pad)).append(body);
      } else {
        out.append(" ".repeat(pad)).append(sign).append(body);
      }
    }
    if (!mapping && next < args.size()) {
      throw new IllegalArgumentException("'%' formatting: not all arguments converted during string formatting ("
          + Jinja.repr(fmt) + " % " + Jinja.repr(values) + ")");
    }
    return out.toString();
  }

  /** Marks a None value inside the argument list (List.of takes no nulls). */
  private static final Object NONE = new Object();

  private static Object arg(List<?> args, int i, String fmt) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("'%' formatting: not enough arguments for format string "
          + Jinja.repr(fmt));
    }
    return args.get(i);
  }

  /** A non-negative finite or infinite double in Python's f, e or g style. */
  private static String floating(double v, char conv, int precision, boolean alt) {
    boolean upper = Character.isUpperCase(conv);
    if (Double.isNaN(v)) {
      return upper ? "NAN" : "nan";
    }
    if (Double.isInfinite(v)) {
      return upper ? "INF" : "inf";
    }
    char c = Character.toLowerCase(conv);
    String s;
    if (c == 'f') {
      s = new BigDecimal(v).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
      if (alt && precision == 0) {
        s += ".";
      }
    } else if (c == 'e') {
      s = exp(v, precision);
    } else {
      int p = precision == 0 ? 1 : precision;
      if (v == 0) {
        s = alt ? "0." + "0".repeat(p - 1) : "0";
      } else {
        String e = exp(v, p - 1);
        int x = Integer.parseInt(e.substring(e.indexOf('e') + 1));
        if (x >= -4 && x < p) {
          s = new BigDecimal(v).setScale(p - 1 - x, java.math.RoundingMode.HALF_EVEN).toPlainString();
        } else {
          s = e;
        }
        if (!alt) {
          s = stripZeros(s);
        }
      }
    }
    return upper ? s.toUpperCase(Locale.ROOT) : s;
  }

  /** d.ddde+XX with the given digits after the point, exponent of at least two digits. */
  private static String exp(double v, int precision) {
    if (v == 0) {
      return (precision > 0 ? "0." + "0".repeat(precision) : "0") + "e+00";
    }
    BigDecimal b = new BigDecimal(v).round(new java.math.MathContext(precision + 1, java.math.RoundingMode.HALF_EVEN));
    int x = b.precision() - b.scale() - 1;
    String digits = b.unscaledValue().abs().toString();
    digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
    String mant = precision > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
    return mant + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
  }

  private static String stripZeros(String s) {
    int e = s.indexOf('e');
    String mant = e < 0 ? s : s.substring(0, e);
    String rest = e < 0 ? "" : s.substring(e);
    if (mant.contains(".")) {
      mant = mant.replaceAll("0+$", "");
      if (mant.endsWith(".")) {
        mant = mant.substring(0, mant.length() - 1);
      }
    }
    return mant + rest;
  }
}
