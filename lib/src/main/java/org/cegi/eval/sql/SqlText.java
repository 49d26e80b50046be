package org.cegi.eval.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text operations on SQL with the semantics of the Spider test-suite evaluation: its post-processing repairs,
 * DISTINCT removal over sqlparse-like tokens of the first statement only, and the "one statement" rule of
 * Python's {@code sqlite3}. Not API.
 */
final class SqlText {
  private SqlText() {}

  private static final Pattern CUR_YEAR =
      Pattern.compile("YEAR\\s*\\(\\s*CURDATE\\s*\\(\\s*\\)\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);

  /** {@code > =}, {@code < =}, {@code ! =} become {@code >=}, {@code <=}, {@code !=}. */
  static String postprocess(String q) {
    return q.replace("> =", ">=").replace("< =", "<=").replace("! =", "!=");
  }

  /** {@code YEAR(CURDATE())} (and the whitespace after it) becomes {@code 2020}, as before execution. */
  static String replaceCurrentYear(String q) {
    return CUR_YEAR.matcher(q).replaceAll(Matcher.quoteReplacement("2020"));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#';
  }

  /**
   * The test suite's {@code remove_distinct}: the tokens of the first statement (sqlparse splits after a
   * top-level {@code ;} and the spaces, tabs and line comments that follow it), joined without every token
   * equal to {@code distinct} in any case.
   *
   * @throws IllegalArgumentException when the text holds no statement (sqlparse yields none)
   */
  static String removeDistinct(String q) {
    if (q.isEmpty()) {
      throw new IllegalArgumentException("SQL text is empty: there is no statement to evaluate");
    }
    StringBuilder out = new StringBuilder(q.length());
    int n = q.length();
    int level = 0;
    int i = 0;
    while (i < n) {
      char c = q.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = endOfQuoted(q, i, c);
      } else if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
        int nl = indexOfLineEnd(q, i);
        end = nl;
      } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
        int close = q.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
      } else if (isWordChar(c)) {
        end = i + 1;
        while (end < n && isWordChar(q.charAt(end))) {
          end++;
        }
        String word = q.substring(i, end);
        if (!word.equalsIgnoreCase("distinct")) {
          out.append(word);
        }
        i = end;
        continue;
      } else {
        end = i + 1;
        if (c == '(') {
          level++;
        } else if (c == ')') {
          level--;
        } else if (c == ';' && level <= 0) {
          out.append(c);
          // sqlparse keeps the spaces, tabs and single-line comments after the ';' with the statement.
          int j = end;
          while (j < n) {
            char d = q.charAt(j);
            if (d == ' ' || d == '\t') {
              j++;
            } else if (d == '-' && j + 1 < n && q.charAt(j + 1) == '-') {
              j = indexOfLineEnd(q, j);
            } else {
              break;
            }
          }
          out.append(q, end, j);
          return out.toString();
        }
      }
      out.append(q, i, end);
      i = end;
    }
    return out.toString();
  }

  private static int indexOfLineEnd(String q, int from) {
    int i = from;
    while (i < q.length() && q.charAt(i) != '\n' && q.charAt(i) != '\r') {
      i++;
    }
    if (i < q.length() && q.charAt(i) == '\r') {
      i++;
      if (i < q.length() && q.charAt(i) == '\n') {
        i++;
      }
    } else if (i < q.length()) {
      i++;
    }
    return i;
  }

  /** End (exclusive) of a quoted token starting at {@code start}; doubled quotes and backslash escapes stay in. */
  private static int endOfQuoted(String q, int start, char quote) {
    int i = start + 1;
    while (i < q.length()) {
      char c = q.charAt(i);
      if (c == '\\' && quote != '`' && i + 1 < q.length()) {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < q.length() && q.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return q.length();
  }

  /**
   * Python's {@code sqlite3} refuses text with more than one statement: after the first statement (up to its
   * {@code ;}, outside quotes and comments) only whitespace and comments may follow.
   */
  static boolean hasSeveralStatements(String q) {
    int n = q.length();
    int i = 0;
    while (i < n) {
      char c = q.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuotedSqlite(q, i, c);
      } else if (c == '[') {
        int close = q.indexOf(']', i + 1);
        i = close < 0 ? n : close + 1;
      } else if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
        i = indexOfLineEnd(q, i);
      } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
        int close = q.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == ';') {
        return !onlyWhitespaceAndComments(q, i + 1);
      } else {
        i++;
      }
    }
    return false;
  }

  private static int endOfQuotedSqlite(String q, int start, char quote) {
    int i = start + 1;
    while (i < q.length()) {
      if (q.charAt(i) == quote) {
        if (i + 1 < q.length() && q.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return q.length();
  }

  private static boolean onlyWhitespaceAndComments(String q, int from) {
    int i = from;
    int n = q.length();
    while (i < n) {
      char c = q.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        i++;
      } else if (c == '-' && i + 1 < n && q.charAt(i + 1) == '-') {
        i = indexOfLineEnd(q, i);
      } else if (c == '/' && i + 1 < n && q.charAt(i + 1) == '*') {
        int close = q.indexOf("*/", i + 2);
        if (close < 0) {
          return true;
        }
        i = close + 2;
      } else {
        return false;
      }
    }
    return true;
  }
}
