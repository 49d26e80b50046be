package org.cegi.frames;

import java.util.Collection;
import java.util.List;
import org.cegi.index.Cegi;
import org.cegi.index.CegiResult;
import org.cegi.internal.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tablesaw tables of CEGI results. Each call returns a new table; inputs are never changed.
 *
 * <pre>{@code
 * Table t = CegiFrames.ranked(List.of(a, b, c));   // rank 1 = lowest CEGI; "no gain" rows last, cegi missing
 * Show.table(t);
 * }</pre>
 */
public final class CegiFrames {
  private CegiFrames() {}

  /**
   * One row per result, best (lowest CEGI) first; variants without a gain come last with a missing {@code cegi}
   * and their status and reason spelled out. Columns: {@code rank, variant, emissions_kg, base_metric,
   * tuned_metric, gain, gain_convention, trainable_params, cegi, cegi_unit, status, reason}.
   */
  public static Table ranked(Collection<CegiResult> results) {
    Check.noNulls("results", results);
    return build("CEGI (lower is better)", Cegi.rank(results), true);
  }

  /**
   * One row per result in the order given, without ranking: for side-by-side views of results that must not be
   * ranked together (for example the same variant under both gain conventions). Same columns as
   * {@link #ranked}, with {@code rank} missing.
   */
  public static Table of(Collection<CegiResult> results) {
    Check.noNulls("results", results);
    return build("CEGI", List.copyOf(results), false);
  }

  private static Table build(String title, List<CegiResult> rows, boolean withRank) {
    IntColumn rank = IntColumn.create("rank");
    StringColumn variant = StringColumn.create("variant");
    DoubleColumn emissionsKg = DoubleColumn.create("emissions_kg");
    DoubleColumn base = DoubleColumn.create("base_metric");
    DoubleColumn tuned = DoubleColumn.create("tuned_metric");
    DoubleColumn gain = DoubleColumn.create("gain");
    StringColumn convention = StringColumn.create("gain_convention");
    LongColumn params = LongColumn.create("trainable_params");
    DoubleColumn cegi = DoubleColumn.create("cegi");
    StringColumn unit = StringColumn.create("cegi_unit");
    StringColumn status = StringColumn.create("status");
    StringColumn reason = StringColumn.create("reason");
    int r = 0;
    for (CegiResult res : rows) {
      r++;
      if (withRank && res.hasValue()) {
        rank.append(r);
      } else {
        rank.appendMissing();
      }
      variant.append(res.name());
      emissionsKg.append(res.emissionsKg());
      base.append(res.baseMetric());
      tuned.append(res.tunedMetric());
      if (res.gainPercent().isPresent()) {
        gain.append(res.gainPercent().getAsDouble());
      } else {
        gain.appendMissing();
      }
      convention.append(res.convention().name());
      params.append(res.trainableParams());
      if (res.value().isPresent()) {
        cegi.append(res.value().getAsDouble());
      } else {
        cegi.appendMissing();
      }
      unit.append(res.unitLabel());
      status.append(res.status().name());
      reason.append(res.hasValue() ? "" : res.reason());
    }
    return Table.create(title, rank, variant, emissionsKg, base, tuned, gain, convention, params,
        cegi, unit, status, reason);
  }
}
