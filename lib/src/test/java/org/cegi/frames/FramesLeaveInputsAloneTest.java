package org.cegi.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cegi.bench.RunPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Every helper that takes a table returns a new one and leaves its input as it was: same name, same columns in the
 * same order with the same types, same cells. A helper that sorted, added a column to, or filled missing cells of
 * its input would fail here.
 */
class FramesLeaveInputsAloneTest {
  @TempDir Path dir;

  /** Everything a caller could observe of a table, cell by cell (missing cells marked as such). */
  static List<String> snapshot(Table t) {
    List<String> s = new ArrayList<>();
    s.add("name=" + t.name());
    s.add("rows=" + t.rowCount());
    for (Column<?> c : t.columns()) {
      s.add("column " + c.name() + ":" + c.type().name());
      for (int r = 0; r < c.size(); r++) {
        s.add(c.isMissing(r) ? "<missing>" : c.getString(r));
      }
    }
    return s;
  }

  private static void leavesAlone(Table input, Function<Table, Object> helper) {
    List<String> before = snapshot(input);
    Object out = helper.apply(input);
    assertThat(snapshot(input)).as("input of the helper after the call").isEqualTo(before);
    assertThat(out).isNotSameAs(input);
    helper.apply(input);                                   // a second call sees the same input and gives the same
    assertThat(snapshot(input)).isEqualTo(before);
  }

  @Test
  void runFramesHelpersReturnNewTables() {
    Table items = RunFrames.items(RunSamples.results(dir));
    leavesAlone(items, RunFrames::perVariantTask);
    leavesAlone(items, t -> RunFrames.perGroup(t, "variant", "task", "batch_size"));
    leavesAlone(items, t -> RunFrames.perGroup(t, "task"));

    Table phases = RunFrames.phases(RunSamples.phases(dir));
    leavesAlone(phases, RunFrames::perPhase);

    RunPlan plan = RunPlan.parse("""
        name: q
        variants:
          - {name: a, fixture: tiny-qwen2}
          - {name: b, path: build/models/tiny-qwen2, quantization: q4}
        tasks: [summarization, text-to-sql]
        """, "test");
    Table per = RunFrames.perVariantTask(items);
    leavesAlone(per, t -> RunFrames.withVariants(t, plan));

    List<CegiInput> inputs = List.of(
        new CegiInput("a", "summarization", 0.20, 0.30, 1_000_000, 0.5, "illustrative inputs"),
        new CegiInput("b", "text-to-sql", 0.40, 0.35, 2_000_000, 0.1, "illustrative inputs"));
    leavesAlone(per, t -> RunFrames.withCegi(t, inputs));
    Table withCegi = RunFrames.withCegi(per, inputs);
    leavesAlone(withCegi, RunFrames::cegiResults);
    leavesAlone(withCegi, RunFrames::lifecycles);
  }

  @Test
  void theSnapshotSeesAChangedCellASortAndANewColumn() {
    // the check above can fail: each kind of mutation changes the snapshot
    Table items = RunFrames.items(RunSamples.results(dir));
    List<String> before = snapshot(items);
    Table copy = items.copy();
    copy.doubleColumn("energy_j").set(0, 99.0);
    assertThat(snapshot(copy)).isNotEqualTo(before);
    Table sorted = items.sortDescendingOn("energy_j").setName(items.name());
    assertThat(snapshot(sorted)).isNotEqualTo(before);
    Table wider = items.copy();
    wider.addColumns(tech.tablesaw.api.StringColumn.create("extra", wider.rowCount()));
    assertThat(snapshot(wider)).isNotEqualTo(before);
  }
}
