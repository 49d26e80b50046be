package org.cegi.eval.sql;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Equivalence of two query results with the semantics of the test suite's {@code result_eq}: bag (multiset)
 * semantics, row order only when asked, any column permutation, two empty results equal whatever their
 * columns, and values compared as Python compares them ({@code 8 == 8.0}, {@code None == None},
 * {@code '2' != 2}). Not API.
 */
final class Denotations {
  private Denotations() {}

  /** The SQL NULL, equal to itself as Python's {@code None}. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /**
   * The equality key of a value as Python sees it: an integral float is equal (and hashes equal) to the int;
   * bytes compare by content.
   */
  static Object key(Object v) {
    if (v == null || v == NONE) {
      return NONE;
    }
    if (v instanceof Integer i) {
      return (long) i;
    }
    if (v instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        return (long) (double) d;
      }
      return d;
    }
    if (v instanceof Float f) {
      return key((double) f);
    }
    if (v instanceof byte[] b) {
      return ByteBuffer.wrap(b.clone());
    }
    return v;
  }

  static List<Object> keys(List<Object> row) {
    List<Object> out = new ArrayList<>(row.size());
    for (Object v : row) {
      out.add(key(v));
    }
    return out;
  }

  /** {@code str(x) + str(type(x))}, the sort key of {@code unorder_row}. */
  static String sortKey(Object v) {
    if (v == null || v == NONE) {
      return "None<class 'NoneType'>";
    }
    if (v instanceof Integer || v instanceof Long) {
      return v + "<class 'int'>";
    }
    if (v instanceof Double d) {
      return pyFloatRepr(d) + "<class 'float'>";
    }
    if (v instanceof byte[] b) {
      StringBuilder s = new StringBuilder("b'");
      for (byte x : b) {
        int c = x & 0xff;
        if (c == '\\' || c == '\'') {
          s.append('\\').append((char) c);
        } else if (c >= 0x20 && c < 0x7f) {
          s.append((char) c);
        } else {
          s.append(String.format("\\x%02x", c));
        }
      }
      return s.append("'<class 'bytes'>").toString();
    }
    return v + "<class 'str'>";
  }

  /** Python's {@code repr(float)}. */
  static String pyFloatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    String sign = d < 0 ? "-" : "";
    if (exp >= -5 + 1 && exp < 16) {
      String plain = bd.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /** Whether two results are equivalent under the test-suite semantics. */
  static boolean equivalent(List<List<Object>> r1, List<List<Object>> r2, boolean orderMatters) {
    if (r1.isEmpty() && r2.isEmpty()) {
      return true;
    }
    if (r1.size() != r2.size()) {
      return false;
    }
    int cols = r1.get(0).size();
    if (r2.get(0).size() != cols) {
      return false;
    }
    if (!quickAccept(r1, r2, orderMatters)) {
      return false;
    }
    List<List<Object>> k1 = new ArrayList<>();
    List<List<Object>> k2 = new ArrayList<>();
    r1.forEach(r -> k1.add(keys(r)));
    r2.forEach(r -> k2.add(keys(r)));
    List<java.util.Set<Object>> colSets = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      java.util.Set<Object> s = new HashSet<>();
      for (List<Object> row : k1) {
        s.add(row.get(c));
      }
      colSets.add(s);
    }
    // Which column of result 2 may stand at each position of result 1: pruning by every row is sound (a value
    // missing from the column excludes the pairing), so the outcome equals the reference's sampled pruning.
    List<List<Integer>> allowed = new ArrayList<>();
    for (int c1 = 0; c1 < cols; c1++) {
      List<Integer> a = new ArrayList<>();
      for (int c2 = 0; c2 < cols; c2++) {
        boolean ok = true;
        if (cols > 3) {
          for (List<Object> row : k2) {
            if (!colSets.get(c1).contains(row.get(c2))) {
              ok = false;
              break;
            }
          }
        }
        if (ok) {
          a.add(c2);
        }
      }
      allowed.add(a);
    }
    return searchPermutation(allowed, new int[cols], new boolean[cols], 0, k1, k2, orderMatters);
  }

  private static boolean searchPermutation(List<List<Integer>> allowed, int[] perm, boolean[] used, int pos,
      List<List<Object>> k1, List<List<Object>> k2, boolean orderMatters) {
    if (pos == perm.length) {
      List<List<Object>> permuted = new ArrayList<>(k2.size());
      for (List<Object> row : k2) {
        List<Object> p = new ArrayList<>(perm.length);
        for (int c : perm) {
          p.add(row.get(c));
        }
        permuted.add(p);
      }
      if (orderMatters) {
        return k1.equals(permuted);
      }
      return new HashSet<>(k1).equals(new HashSet<>(permuted)) && multisetEqual(k1, permuted);
    }
    for (int c : allowed.get(pos)) {
      if (!used[c]) {
        used[c] = true;
        perm[pos] = c;
        if (searchPermutation(allowed, perm, used, pos + 1, k1, k2, orderMatters)) {
          return true;
        }
        used[c] = false;
      }
    }
    return false;
  }

  private static boolean multisetEqual(List<List<Object>> a, List<List<Object>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Map<List<Object>, Integer> d = new HashMap<>();
    for (List<Object> e : a) {
      d.merge(e, 1, Integer::sum);
    }
    for (List<Object> e : b) {
      int left = d.getOrDefault(e, 0) - 1;
      if (left < 0) {
        return false;
      }
      d.put(e, left);
    }
    return true;
  }

  /** The reference's {@code quick_rej}: rows with their values sorted by {@code str(x) + str(type(x))}. */
  private static boolean quickAccept(List<List<Object>> r1, List<List<Object>> r2, boolean orderMatters) {
    List<List<Object>> s1 = unordered(r1);
    List<List<Object>> s2 = unordered(r2);
    return orderMatters ? s1.equals(s2) : new HashSet<>(s1).equals(new HashSet<>(s2));
  }

  private static List<List<Object>> unordered(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      List<Object> sorted = new ArrayList<>(row);
      sorted.sort(Comparator.comparing(Denotations::sortKey));
      out.add(keys(sorted));
    }
    return out;
  }
}
