package org.paceline.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Commands of the operator contract (DESIGN.md) that later versions fill in. Each says so and exits
 * with {@link ExitCodes#NOT_AVAILABLE}, so scripts can tell "not yet" from "failed".
 */
final class NotAvailableCommands {

  private NotAvailableCommands() {}

  abstract static class Base implements Callable<Integer> {
    @Unmatched List<String> args;

    abstract String what();

    @Override
    public Integer call() {
      throw new CliException(
          ExitCodes.NOT_AVAILABLE,
          "'" + what() + "' is not available yet in this version of Paceline");
    }
  }

  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = "A local 3-node cluster with embedded Kafka (not available yet).")
  static final class Demo extends Base {
    @Override
    String what() {
      return "demo";
    }
  }
}
