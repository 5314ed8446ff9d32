package org.paceline.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paceline completion}: prints a bash completion script for every command and option. Load
 * it with {@code source <(paceline completion bash)}, or install it as {@code
 * /etc/bash_completion.d/paceline}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash completion script for paceline's commands and options.",
      "Use: source <(paceline completion bash)   or save it as" + " /etc/bash_completion.d/paceline"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "SHELL",
      description = "The shell: bash (the only one so far, and the default).")
  String shell = "bash";

  @Override
  public Integer call() {
    if (!shell.equals("bash")) {
      throw new CliException(
          ExitCodes.USAGE, "no completion for shell '" + shell + "' (only bash is supported)");
    }
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("paceline", root));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
