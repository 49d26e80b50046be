package org.cegi.model.text;

import static org.cegi.model.text.Jinja.UNDEFINED;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Jinja filters, tests and the Python string/dict methods chat templates call. */
final class Builtins {
  private Builtins() {}

  private static final Set<String> STRING_METHODS = Set.of("strip", "lstrip", "rstrip", "split", "startswith",
      "endswith", "upper", "lower", "title", "capitalize", "replace");
  private static final Set<String> MAP_METHODS = Set.of("items", "keys", "values", "get");

  static Object filter(String f, Object v, List<Object> args, Map<String, Object> kw, Object ctx, String name) {
    switch (f) {
      case "trim":
        return pyStrip(Jinja.str(v), args.isEmpty() ? null : Jinja.str(args.get(0)), true, true);
      case "tojson": {
        Object indent = kw.containsKey("indent") ? kw.get("indent") : args.isEmpty() ? null : args.get(0);
        StringBuilder b = new StringBuilder();
        json(v, indent == null ? -1 : Jinja.num(indent).intValue(), 0, b);
        return b.toString();
      }
      case "length":
      case "count":
        if (v instanceof String s) {
          return (long) s.codePointCount(0, s.length());
        }
        if (v instanceof Collection<?> c) {
          return (long) c.size();
        }
        if (v instanceof Map<?, ?> m) {
          return (long) m.size();
        }
        if (v == UNDEFINED) {
          return 0L;
        }
        throw new IllegalArgumentException("Chat template " + name + ": length of " + Jinja.repr(v));
      case "join": {
        String sep = args.isEmpty() ? "" : Jinja.str(args.get(0));
        List<String> parts = new ArrayList<>();
        for (Object x : Jinja.iterate(v)) {
          parts.add(Jinja.str(x));
        }
        return String.join(sep, parts);
      }
      case "items":
        return items(v, name);
      case "list":
        return Jinja.iterate(v);
      case "string":
        return Jinja.str(v);
      case "upper":
        return Jinja.str(v).toUpperCase(Locale.ROOT);
      case "lower":
        return Jinja.str(v).toLowerCase(Locale.ROOT);
      case "capitalize": {
        String s = Jinja.str(v);
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
      }
      case "first": {
        List<Object> l = Jinja.iterate(v);
        return l.isEmpty() ? UNDEFINED : l.get(0);
      }
      case "last": {
        List<Object> l = Jinja.iterate(v);
        return l.isEmpty() ? UNDEFINED : l.get(l.size() - 1);
      }
      case "default":
      case "d": {
        Object def = args.isEmpty() ? "" : args.get(0);
        boolean bool = args.size() > 1 && Jinja.truthy(args.get(1));
        return v == UNDEFINED || (bool && !Jinja.truthy(v)) ? def : v;
      }
      case "replace":
        return Jinja.str(v).replace(Jinja.str(args.get(0)), Jinja.str(args.get(1)));
      case "safe":
        return v;
      case "int":
        if (v instanceof Number n) {
          return n.longValue();
        }
        try {
          return Long.parseLong(Jinja.str(v).trim());
        } catch (NumberFormatException e) {
          return 0L;
        }
      case "abs": {
        Number n = Jinja.num(v);
        return v instanceof Double ? (Object) Math.abs(n.doubleValue()) : (Object) Math.abs(n.longValue());
      }
      case "select":
      case "reject": {
        boolean keep = f.equals("select");
        String test = args.isEmpty() ? "true" : Jinja.str(args.get(0));
        List<Object> rest = args.size() > 1 ? args.subList(1, args.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object x : Jinja.iterate(v)) {
          boolean passes = args.isEmpty() ? Jinja.truthy(x) : test(test, x, rest, name);
          if (passes == keep) {
            out.add(x);
          }
        }
        return out;
      }
      case "dictsort": {
        if (!(v instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException("Chat template " + name + ": dictsort needs a mapping, got "
              + Jinja.repr(v));
        }
        boolean caseSensitive = Jinja.truthy(kw.getOrDefault("case_sensitive", args.isEmpty() ? false : args.get(0)));
        boolean byValue = "value".equals(kw.getOrDefault("by", args.size() > 1 ? args.get(1) : "key"));
        boolean reverse = Jinja.truthy(kw.getOrDefault("reverse", args.size() > 2 ? args.get(2) : false));
        List<Object> pairs = items(m, name);
        java.util.Comparator<Object> order = (x, y) -> {
          Object a = ((List<?>) x).get(byValue ? 1 : 0);
          Object b = ((List<?>) y).get(byValue ? 1 : 0);
          if (a instanceof String sa && b instanceof String sb) {
            return caseSensitive ? sa.compareTo(sb)
                : sa.toLowerCase(Locale.ROOT).compareTo(sb.toLowerCase(Locale.ROOT));
          }
          return Double.compare(Jinja.num(a).doubleValue(), Jinja.num(b).doubleValue());
        };
        pairs.sort(reverse ? order.reversed() : order);
        return pairs;
      }
      case "selectattr":
      case "rejectattr": {
        if (args.isEmpty()) {
          throw new IllegalArgumentException("Chat template " + name + ": " + f + " needs an attribute name");
        }
        boolean keep = f.equals("selectattr");
        String attr = Jinja.str(args.get(0));
        String test = args.size() > 1 ? Jinja.str(args.get(1)) : null;
        List<Object> rest = args.size() > 2 ? args.subList(2, args.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object x : Jinja.iterate(v)) {
          Object a = Jinja.getItem(x, attr, name);
          boolean passes = test == null ? Jinja.truthy(a) : test(test, a, rest, name);
          if (passes == keep) {
            out.add(x);
          }
        }
        return out;
      }
      case "map": {
        List<Object> out = new ArrayList<>();
        for (Object x : Jinja.iterate(v)) {
          if (kw.containsKey("attribute")) {
            out.add(Jinja.getAttr(x, Jinja.str(kw.get("attribute")), name));
          } else {
            out.add(filter(Jinja.str(args.get(0)), x, args.subList(1, args.size()), Map.of(), ctx, name));
          }
        }
        return out;
      }
      default:
        throw new IllegalArgumentException("Chat template " + name + ": filter '" + f + "' is not supported");
    }
  }

  static boolean test(String t, Object v, List<Object> args, String name) {
    switch (t) {
      case "defined":
        return v != UNDEFINED;
      case "undefined":
        return v == UNDEFINED;
      case "none":
        return v == null;
      case "string":
        return v instanceof String;
      case "mapping":
        return v instanceof Map;
      case "iterable":
        return v instanceof String || v instanceof Collection || v instanceof Map;
      case "sequence":
        return v instanceof String || v instanceof List || v instanceof Map;
      case "number":
        return v instanceof Number && !(v instanceof Boolean);
      case "integer":
        return v instanceof Long || v instanceof Integer;
      case "float":
        return v instanceof Double;
      case "boolean":
        return v instanceof Boolean;
      case "true":
        return Boolean.TRUE.equals(v);
      case "false":
        return Boolean.FALSE.equals(v);
      case "equalto":
      case "eq":
      case "sameas":
        return Jinja.equal(v, args.get(0));
      case "ne":
        return !Jinja.equal(v, args.get(0));
      case "in":
        return Jinja.contains(args.get(0), v);
      case "odd":
        return Jinja.num(v).longValue() % 2 != 0;
      case "even":
        return Jinja.num(v).longValue() % 2 == 0;
      case "divisibleby":
        return Jinja.num(v).longValue() % Jinja.num(args.get(0)).longValue() == 0;
      case "callable":
        return !(v instanceof String || v instanceof Number || v instanceof Collection || v instanceof Map
            || v == null || v == UNDEFINED || v instanceof Boolean);
      default:
        throw new IllegalArgumentException("Chat template " + name + ": test '" + t + "' is not supported");
    }
  }

  /**
   * Python's {@code str.format}: {@code {}} fields numbered in order, {@code {0}} by position, {@code {name}} by
   * keyword, {@code {{}} and {@code }}} for braces; a conversion ({@code !r}) or format spec is refused.
   */
  static String strFormat(String s, List<Object> args, Map<String, Object> kw, String name) {
    StringBuilder out = new StringBuilder();
    int auto = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        out.append('{');
        i++;
      } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
        out.append('}');
        i++;
      } else if (c == '{') {
        int close = s.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException("Chat template " + name + ": single '{' in format string "
              + Jinja.repr(s));
        }
        String field = s.substring(i + 1, close);
        if (field.contains("!") || field.contains(":")) {
          throw new IllegalArgumentException("Chat template " + name + ": format field {" + field + "} with a"
              + " conversion or spec is not supported");
        }
        Object v;
        if (field.isEmpty()) {
          v = at(args, auto++, s, name);
        } else if (field.chars().allMatch(Character::isDigit)) {
          v = at(args, Integer.parseInt(field), s, name);
        } else if (kw.containsKey(field)) {
          v = kw.get(field);
        } else {
          throw new IllegalArgumentException("Chat template " + name + ": format string " + Jinja.repr(s)
              + " names {" + field + "}, which was not passed");
        }
        out.append(Jinja.str(v));
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Object at(List<Object> args, int i, String s, String name) {
    if (i >= args.size()) {
      throw new IllegalArgumentException("Chat template " + name + ": format string " + Jinja.repr(s)
          + " needs more than " + args.size() + " argument(s)");
    }
    return args.get(i);
  }

  static boolean hasMethod(Object recv, String m) {
    return (recv instanceof String && STRING_METHODS.contains(m)) || (recv instanceof Map && MAP_METHODS.contains(m));
  }

  static Object method(Object recv, String m, List<Object> a, String name) {
    if (recv instanceof Map<?, ?> map) {
      switch (m) {
        case "items":
          return items(map, name);
        case "keys":
          return new ArrayList<Object>(map.keySet());
        case "values":
          return new ArrayList<Object>(map.values());
        default: {
          Object k = a.get(0);
          return map.containsKey(k) ? map.get(k) : a.size() > 1 ? a.get(1) : null;
        }
      }
    }
    String s = (String) recv;
    String arg0 = a.isEmpty() || a.get(0) == null ? null : Jinja.str(a.get(0));
    switch (m) {
      case "strip":
        return pyStrip(s, arg0, true, true);
      case "lstrip":
        return pyStrip(s, arg0, true, false);
      case "rstrip":
        return pyStrip(s, arg0, false, true);
      case "startswith":
        return s.startsWith(arg0);
      case "endswith":
        return s.endsWith(arg0);
      case "upper":
        return s.toUpperCase(Locale.ROOT);
      case "lower":
        return s.toLowerCase(Locale.ROOT);
      case "title": {
        StringBuilder b = new StringBuilder();
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
          b.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
          prevLetter = Character.isLetter(c);
        }
        return b.toString();
      }
      case "capitalize":
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
      case "replace":
        return s.replace(arg0, Jinja.str(a.get(1)));
      default: {
        List<Object> out = new ArrayList<>();
        int max = a.size() > 1 ? Jinja.num(a.get(1)).intValue() : -1;
        if (arg0 == null) {
          String t = pyStrip(s, null, true, true);
          if (t.isEmpty()) {
            return out;
          }
          for (String p : t.split("\\s+", max < 0 ? 0 : max + 1)) {
            out.add(p);
          }
          return out;
        }
        int from = 0;
        int n = 0;
        while (true) {
          int at = s.indexOf(arg0, from);
          if (at < 0 || (max >= 0 && n >= max)) {
            out.add(s.substring(from));
            return out;
          }
          out.add(s.substring(from, at));
          from = at + arg0.length();
          n++;
        }
      }
    }
  }

  private static List<Object> items(Object v, String name) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("Chat template " + name + ": items of " + Jinja.repr(v)
          + ", which is not a mapping");
    }
    List<Object> out = new ArrayList<>();
    m.forEach((k, x) -> out.add(List.of(k, x == null ? (Object) "" : x).size() == 2 ? pair(k, x) : null));
    return out;
  }

  private static List<Object> pair(Object k, Object v) {
    List<Object> p = new ArrayList<>(2);
    p.add(k);
    p.add(v);
    return p;
  }

  /** Python's str.isspace for one character. */
  static boolean pySpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || (c >= 0x1C && c <= 0x1F);
  }

  static String pyStrip(String s, String chars, boolean left, boolean right) {
    int a = 0;
    int b = s.length();
    while (left && a < b && (chars == null ? pySpace(s.charAt(a)) : chars.indexOf(s.charAt(a)) >= 0)) {
      a++;
    }
    while (right && b > a && (chars == null ? pySpace(s.charAt(b - 1)) : chars.indexOf(s.charAt(b - 1)) >= 0)) {
      b--;
    }
    return s.substring(a, b);
  }

  /** JSON exactly as Python's {@code json.dumps(v, ensure_ascii=False, indent=indent)} writes it. */
  static void json(Object v, int indent, int level, StringBuilder b) {
    if (v == null || v == UNDEFINED) {
      b.append("null");
    } else if (v instanceof Boolean x) {
      b.append(x ? "true" : "false");
    } else if (v instanceof Double d) {
      b.append(Jinja.repr(d));
    } else if (v instanceof Number n) {
      b.append(n);
    } else if (v instanceof String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': b.append("\\\""); break;
          case '\\': b.append("\\\\"); break;
          case '\n': b.append("\\n"); break;
          case '\r': b.append("\\r"); break;
          case '\t': b.append("\\t"); break;
          case '\b': b.append("\\b"); break;
          case '\f': b.append("\\f"); break;
          default:
            if (c < 0x20) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
        }
      }
      b.append('"');
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(indent >= 0 ? "," : ", ");
        }
        first = false;
        newline(b, indent, level + 1);
        json(Jinja.str(e.getKey()), indent, level + 1, b);
        b.append(": ");
        json(e.getValue(), indent, level + 1, b);
      }
      newline(b, indent, level);
      b.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        b.append("[]");
        return;
      }
      b.append('[');
      boolean first = true;
      for (Object x : c) {
        if (!first) {
          b.append(indent >= 0 ? "," : ", ");
        }
        first = false;
        newline(b, indent, level + 1);
        json(x, indent, level + 1, b);
      }
      newline(b, indent, level);
      b.append(']');
    } else {
      json(v.toString(), indent, level, b);
    }
  }

  private static void newline(StringBuilder b, int indent, int level) {
    if (indent >= 0) {
      b.append('\n').append(" ".repeat(indent * level));
    }
  }
}
