package org.cegi.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word n-grams as sorted {@code long} keys, so that counting and clipping are merges of sorted arrays rather
 * than hash-map work on strings. A key holds the order (n - 1) in its top bits and, while the vocabulary has
 * fewer than 2^15 words, the word ids packed 15 bits each; with a larger vocabulary each distinct n-gram gets
 * an interned number instead. Both give equal keys exactly for equal n-grams. Not API.
 */
final class NgramKeys {
  static final int MAX_ORDER = 4;
  private static final int BITS = 15;
  private static final int PACKED_LIMIT = 1 << BITS;

  private final Map<String, Integer> words = new HashMap<>();
  private Map<String, Long> interned;

  /** Word ids of the tokens, interning new words. */
  int[] ids(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      Integer id = words.get(tokens.get(i));
      if (id == null) {
        id = words.size() + 1;
        words.put(tokens.get(i), id);
      }
      out[i] = id;
    }
    return out;
  }

  /** Whether the keys of this vocabulary are packed ids (stable as long as no new word is added past 2^15). */
  boolean packed() {
    return words.size() < PACKED_LIMIT;
  }

  static int order(long key) {
    return (int) (key >>> 60) + 1;
  }

  /** Sorted keys of all n-grams of orders 1..maxOrder (repeats kept: one key per occurrence). */
  long[] keys(int[] ids, int maxOrder, boolean packed) {
    int n = ids.length;
    int total = 0;
    for (int k = 1; k <= maxOrder; k++) {
      total += Math.max(0, n - k + 1);
    }
    long[] out = new long[total];
    int p = 0;
    for (int k = 1; k <= maxOrder; k++) {
      for (int i = 0; i + k <= n; i++) {
        out[p++] = packed ? pack(ids, i, k) : intern(ids, i, k);
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** Sorted keys of the n-grams of exactly order {@code k}. */
  long[] keysOfOrder(int[] ids, int k, boolean packed) {
    int n = Math.max(0, ids.length - k + 1);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = packed ? pack(ids, i, k) : intern(ids, i, k);
    }
    Arrays.sort(out);
    return out;
  }

  /** Number of distinct words seen so far (ids run from 1 to this). */
  int vocabularySize() {
    return words.size();
  }

  private static long pack(int[] ids, int from, int k) {
    long key = (long) (k - 1) << 60;
    for (int j = 0; j < k; j++) {
      key |= (long) ids[from + j] << (BITS * j);
    }
    return key;
  }

  private long intern(int[] ids, int from, int k) {
    if (interned == null) {
      interned = new HashMap<>();
    }
    StringBuilder b = new StringBuilder();
    for (int j = 0; j < k; j++) {
      b.append(ids[from + j]).append(',');
    }
    String s = b.toString();
    Long id = interned.get(s);
    if (id == null) {
      id = (long) interned.size();
      interned.put(s, id);
    }
    return ((long) (k - 1) << 60) | id;
  }

  /** Run-length form of sorted keys: distinct keys and their counts. */
  record Counts(long[] keys, int[] counts, int size) {
    static Counts of(long[] sorted) {
      long[] k = new long[sorted.length];
      int[] c = new int[sorted.length];
      int size = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (size > 0 && k[size - 1] == sorted[i]) {
          c[size - 1]++;
        } else {
          k[size] = sorted[i];
          c[size] = 1;
          size++;
        }
      }
      return new Counts(k, c, size);
    }

    /** Count of {@code key}, or 0. */
    int get(long key) {
      int i = Arrays.binarySearch(keys, 0, size, key);
      return i >= 0 ? counts[i] : 0;
    }
  }
}
