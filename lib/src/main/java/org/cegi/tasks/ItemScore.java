package org.cegi.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cegi.internal.Check;

/**
 * The metrics of one answer, by metric name (e.g. {@code rouge1}, {@code exact_match}), each on 0–1 unless the
 * metric's own scale says otherwise (CIDEr-D 0–10, VES 0–100+), and a note (e.g. the SQL error of the prediction).
 *
 * @param values metric name → value, in the task's metric order
 * @param note empty, or what happened while scoring (kept in the result row)
 */
public record ItemScore(Map<String, Double> values, String note) {
  public ItemScore {
    Check.notNull("values", values);
    values.forEach((k, v) -> Check.finite(k, Check.notNull(k, v)));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Check.notNull("note", note);
  }

  /** Scores without a note. */
  public static ItemScore of(Map<String, Double> values) {
    return new ItemScore(values, "");
  }

  /** A metric's value; fails naming the metrics present. */
  public double get(String metric) {
    Double v = values.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("No metric " + metric + " in this score; it has " + values.keySet());
    }
    return v;
  }
}
