package org.cegi.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cegi.bench.ResultsMerge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cegi merge --out DIR INPUT...}: joins the result files of a sharded run and aggregates them. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = "Join shards' results*.csv / phases*.csv (files or folders) into one results.csv, phases.csv and"
        + " summary.csv; duplicate requests are dropped.")
public final class MergeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", description = "result files or shard output folders")
  List<Path> inputs;

  @Option(names = "--out", required = true, description = "folder of the merged files")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the bootstrap intervals (default: 42)")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    java.io.PrintWriter pw = spec.commandLine().getOut();
    ResultsMerge.Outcome o = ResultsMerge.merge(inputs, out, seed);
    pw.println("Merged " + o.inputs().size() + " files: " + o.rows() + " rows, " + o.duplicates()
        + " duplicates dropped -> " + o.results() + "; summary: " + o.summary());
    pw.flush();
    return 0;
  }
}
