package org.paceline.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code paceline completion}: prints a bash completion script for every command and option. Load
 * it with {@code source <(paceline completion)}, or install it as {@code
 * /etc/bash_completion.d/paceline}.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash completion script for paceline's commands and options.",
      "Use: source <(paceline completion)   or save it as /etc/bash_completion.d/paceline"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("paceline", root));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
