package org.paceline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code paceline} command. */
@Command(
    name = "paceline",
    mixinStandardHelpOptions = true,
    versionProvider = Paceline.Version.class,
    description = "Paceline high-availability cluster manager.",
    subcommands = {
      KeygenCommand.class,
      ClusterCommand.class,
      NodeCommand.class,
      RaCommand.class,
      StatusCommand.class,
      RingCommand.class,
      ConfigureCommand.class,
      CompletionCommand.class,
      ResourceCommand.class,
      SimulateCommand.Simulate.class,
      SimulateCommand.Explain.class,
      EventsCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Commands that talk to a running node find it through --config DIR, then $PACELINE_CONF,"
          + " then /etc/paceline.",
      "Exit status: 0 ok, 1 failed, 2 bad usage or configuration, 3 not available yet."
    })
public final class Paceline implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The dist's root folder (bin/, lib/, bundle/, deploy/). */
  static Path home() {
    return Path.of(System.getProperty("paceline.home", ".")).toAbsolutePath().normalize();
  }

  /** Builds the command line with Paceline's error handling. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Paceline());
    cl.setOut(out);
    cl.setErr(err);
    // A crm statement's words are all the statement's: "-inf:" is a score, not an option.
    for (CommandLine sub : cl.getSubcommands().get("configure").getSubcommands().values()) {
      if (sub.getCommand() instanceof ConfigureCommand.Statement) {
        sub.setStopAtPositional(true);
        sub.setUnmatchedOptionsArePositionalParams(true);
      }
    }
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof CliException ce) {
            cmd.getErr().println("paceline: error: " + ce.getMessage());
            return ce.exitCode();
          }
          cmd.getErr().println("paceline: error: " + ex);
          ex.printStackTrace(cmd.getErr());
          return ExitCodes.FAILED;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("paceline: error: " + ex.getMessage());
          cmd.getErr()
              .println(
                  "Try 'paceline "
                      + String.join(" ", cmd.getCommandSpec().qualifiedName().split(" "))
                          .replaceFirst("^paceline ?", "")
                      + (cmd.getCommandSpec().qualifiedName().equals("paceline") ? "" : " ")
                      + "--help'.");
          return ExitCodes.USAGE;
        });
    return cl;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Reports the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Paceline.class.getPackage().getImplementationVersion();
      return new String[] {"paceline " + (v == null ? "(development build)" : v)};
    }
  }
}
