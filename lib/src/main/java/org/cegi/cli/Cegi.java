package org.cegi.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cegi} command line. Each subcommand is a class of its own in this package and is listed in
 * {@link #SUBCOMMANDS}; run {@code cegi --help} for the list.
 */
@Command(
    name = "cegi",
    mixinStandardHelpOptions = true,
    versionProvider = Cegi.Version.class,
    description = "Measure what small language and vision-language models achieve against the carbon they emit.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Cegi implements Runnable {

  /** Subcommand classes, one per line (keep sorted). */
  static final Class<?>[] SUBCOMMANDS = {
    BenchCommand.class,
    FixturesCommand.class,
    GenerateCommand.class,
    IndexCommand.class,
    LabCommand.class,
    MeasureCommand.class,
    MergeCommand.class,
    ParamsCommand.class,
    RunCommand.class,
    ScoreCommand.class,
  };

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Cegi());
    for (Class<?> c : SUBCOMMANDS) {
      cl.addSubcommand(c);
    }
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("cegi " + cmd.getCommandName() + ": " + messageOf(ex));
          if (Boolean.getBoolean("cegi.debug")) {
            ex.printStackTrace(err);
          }
          return ex instanceof IllegalArgumentException ? 2 : 1;
        });
    return cl;
  }

  static String messageOf(Throwable ex) {
    String m = ex.getMessage();
    return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Prints the library version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cegi.class.getPackage().getImplementationVersion();
      return new String[] {"cegi " + (v == null ? "development build" : v)};
    }
  }
}
