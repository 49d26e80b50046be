package org.cegi.eval.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cegi.internal.Check;

/**
 * Extracts the SQL query from a model's output: the first fenced code block tagged {@code sql} (or else the
 * first fenced block), otherwise the text from the first {@code SELECT} or {@code WITH}; the query ends at its
 * first {@code ;} outside quotes or at a blank line, so trailing explanations are dropped.
 *
 * <pre>{@code
 * String sql = SqlExtraction.extract("Here you go:\n```sql\nSELECT name FROM t;\n```\nThis lists the names.");
 * // "SELECT name FROM t"
 * }</pre>
 */
public final class SqlExtraction {
  private SqlExtraction() {}

  private static final Pattern FENCE = Pattern.compile("```([A-Za-z0-9_+-]*)[ \\t]*\\r?\\n?(.*?)```", Pattern.DOTALL);
  private static final Pattern START = Pattern.compile("(?i)\\b(SELECT|WITH)\\b");

  /** The query in {@code output}, trimmed and without its final semicolon; empty when there is none. */
  public static String extract(String output) {
    Check.notNull("output", output);
    String body = null;
    Matcher m = FENCE.matcher(output);
    String firstBlock = null;
    while (m.find()) {
      String lang = m.group(1).toLowerCase(Locale.ROOT);
      if (lang.equals("sql") || lang.equals("sqlite")) {
        body = m.group(2);
        break;
      }
      if (firstBlock == null) {
        firstBlock = m.group(2);
      }
    }
    if (body == null) {
      body = firstBlock;
    }
    if (body == null) {
      int open = output.indexOf("```");
      String text = open >= 0 ? output.substring(open + 3).replaceFirst("^(?i)(sql|sqlite)?[ \\t]*\\r?\\n", "") : output;
      Matcher s = START.matcher(text);
      body = s.find() ? text.substring(s.start()) : text;
    }
    return cut(body).strip();
  }

  /** Up to the first top-level {@code ;} or blank line (outside quotes). */
  private static String cut(String s) {
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == ';') {
        return s.substring(0, i);
      } else if (c == '\n' && isBlankLineAfter(s, i + 1)) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  private static boolean isBlankLineAfter(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '\n';
  }
}
