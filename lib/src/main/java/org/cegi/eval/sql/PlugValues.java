package org.cegi.eval.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test suite's {@code plug_value} option: the literal values of the prediction become slots, and every way
 * of filling the slots with the gold query's literal values (strings, floats, standalone integers) is tried;
 * the prediction's tokens are lowercased on the way, as the reference's {@code strip_query} does. Not API.
 */
final class PlugValues {
  private PlugValues() {}

  private static final String SLOT = "VALUERARE";
  private static final Pattern FLOAT = Pattern.compile("[-+]?\\d*\\.\\d+");
  private static final Pattern INT = Pattern.compile("[^tT]\\d+");
  private static final Pattern TABLE_DOT = Pattern.compile("[Tt]\\d+\\.");

  private enum Kind { SPACE, NEWLINE, STRING, SYMBOL, OTHER }

  private record Tok(Kind kind, String value) {}

  /** Tokens close to sqlparse's: whitespace, strings, numbers, words, operator runs and single punctuation. */
  private static List<Tok> lex(String q) {
    List<Tok> out = new ArrayList<>();
    int n = q.length();
    int i = 0;
    while (i < n) {
      char c = q.charAt(i);
      int end;
      Kind kind = Kind.OTHER;
      if (c == '\n' || c == '\r') {
        end = i + 1;
        if (c == '\r' && end < n && q.charAt(end) == '\n') {
          end++;
        }
        kind = Kind.NEWLINE;
      } else if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(q.charAt(end)) && q.charAt(end) != '\n' && q.charAt(end) != '\r') {
          end++;
        }
        kind = Kind.SPACE;
      } else if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < n) {
          char d = q.charAt(end);
          if (d == '\\' && end + 1 < n) {
            end += 2;
          } else if (d == c && end + 1 < n && q.charAt(end + 1) == c) {
            end += 2;
          } else if (d == c) {
            end++;
            break;
          } else {
            end++;
          }
        }
        kind = c == '\'' ? Kind.STRING : Kind.SYMBOL;
      } else if (c == '`') {
        int close = q.indexOf('`', i + 1);
        end = close < 0 ? n : close + 1;
      } else if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
        end = i;
        while (end < n && q.charAt(end) != '\n') {
          end++;
        }
      } else if ((Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(q.charAt(i + 1))))
          && numberEnd(q, i) > 0) {
        end = numberEnd(q, i);
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@') {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(q.charAt(end)) || q.charAt(end) == '_'
            || q.charAt(end) == '$' || q.charAt(end) == '#')) {
          end++;
        }
      } else if ("<>=~!".indexOf(c) >= 0) {
        end = i + 1;
        while (end < n && "<>=~!".indexOf(q.charAt(end)) >= 0) {
          end++;
        }
      } else if ("+/%^&|".indexOf(c) >= 0) {
        end = i + 1;
        while (end < n && "+/%^&|-".indexOf(q.charAt(end)) >= 0) {
          end++;
        }
      } else {
        end = i + 1;
      }
      out.add(new Tok(kind, q.substring(i, end)));
      i = end;
    }
    return out;
  }

  /** End of a numeric literal starting at {@code i} (digits, optional fraction), or -1 when a word follows. */
  private static int numberEnd(String q, int i) {
    int n = q.length();
    int j = i;
    if (q.charAt(j) == '-') {
      j++;
    }
    while (j < n && Character.isDigit(q.charAt(j))) {
      j++;
    }
    if (j < n && q.charAt(j) == '.') {
      j++;
      while (j < n && Character.isDigit(q.charAt(j))) {
        j++;
      }
    }
    if (j < n && (Character.isLetter(q.charAt(j)) || q.charAt(j) == '_')) {
      return -1;
    }
    return j;
  }

  /** The reference's {@code reformat_query}: tokens other than spaces joined by single spaces. */
  private static String reformat(String q) {
    String s = q.strip().replace(";", "").replace("\t", "");
    StringBuilder b = new StringBuilder();
    for (Tok t : lex(s)) {
      if (t.kind() != Kind.SPACE) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(t.value());
      }
    }
    String r = b.toString();
    for (String ts : new String[] {"t1.*", "t2.*", "t3.*", "T1.*", "T2.*", "T3.*"}) {
      r = r.replace(ts, "*");
    }
    return r;
  }

  /** Tokens with values replaced by slots (lowercased), and the values. */
  private record Stripped(List<String> tokens, Set<String> values) {}

  private static Stripped strip(String sql) {
    String query = reformat(sql);
    List<String> values = new ArrayList<>();
    for (Tok t : lex(query)) {
      if (t.kind() == Kind.STRING || t.kind() == Kind.SYMBOL) {
        values.add(t.value());
        query = query.replace(t.value().strip(), SLOT);
      }
    }
    List<String> toks = new ArrayList<>(List.of(query.trim().isEmpty() ? new String[0] : query.trim().split("\\s+")));
    Set<String> floats = findAll(FLOAT, query, false);
    for (int k = 0; k < toks.size(); k++) {
      if (floats.contains(toks.get(k))) {
        values.add(toks.get(k));
        toks.set(k, SLOT);
      }
    }
    query = String.join(" ", toks);
    Set<String> ints = findAll(INT, query, true);
    for (int k = 0; k < toks.size(); k++) {
      if (ints.contains(toks.get(k))) {
        values.add(toks.get(k));
        toks.set(k, SLOT);
      }
    }
    List<String> keywords = new ArrayList<>();
    for (String tok : toks) {
      if (tok.contains(".") && TABLE_DOT.matcher(tok).find()) {
        for (String part : tok.replace(".", " . ").trim().split("\\s+")) {
          if (!part.isEmpty()) {
            keywords.add(part.toLowerCase(Locale.ROOT));
          }
        }
      } else if (!tok.isEmpty()) {
        keywords.add(tok.toLowerCase(Locale.ROOT));
      }
    }
    return new Stripped(keywords, new LinkedHashSet<>(values));
  }

  private static Set<String> findAll(Pattern p, String s, boolean strip) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(strip ? m.group().strip() : m.group());
    }
    return out;
  }

  /** Every prediction with the gold's values plugged into its value slots (lazily). */
  static Iterator<String> candidates(String gold, String pred) {
    List<String> goldValues = new ArrayList<>(strip(gold).values());
    List<String> tokens = strip(pred).tokens();
    List<Integer> slots = new ArrayList<>();
    String slot = SLOT.toLowerCase(Locale.ROOT);
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.get(k).equals(slot)) {
        slots.add(k);
      }
    }
    int[] choice = new int[slots.size()];
    return new Iterator<>() {
      boolean done = !slots.isEmpty() && goldValues.isEmpty();

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public String next() {
        if (done) {
          throw new NoSuchElementException();
        }
        List<String> filled = new ArrayList<>(tokens);
        for (int s = 0; s < slots.size(); s++) {
          filled.set(slots.get(s), goldValues.get(choice[s]));
        }
        // Advance the odometer over goldValues^slots.
        int p = choice.length - 1;
        while (p >= 0) {
          choice[p]++;
          if (choice[p] < goldValues.size()) {
            break;
          }
          choice[p] = 0;
          p--;
        }
        if (p < 0) {
          done = true;
        }
        return String.join(" ", filled);
      }
    };
  }
}
