package org.paceline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paceline keygen}. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new 256-bit cluster authkey (mode 0600).",
      "Every node needs the same authkey; 'cluster init' writes one for you."
    })
final class KeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the key (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/paceline/authkey")
  Path out;

  @Option(names = "--force", description = "Replace an existing key file.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Secrets.writePrivate(out, Secrets.newAuthKey(), force);
    spec.commandLine().getOut().println("wrote a 256-bit authkey to " + out + " (mode 0600)");
    return ExitCodes.OK;
  }
}
