package org.paceline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paceline configure ...}: read and change the cluster's configuration, in crmsh's {@code
 * crm configure} language. Changes go to the local node, which checks them and sends them through
 * the ring; every node applies them in the same order.
 */
@Command(
    name = "configure",
    mixinStandardHelpOptions = true,
    description = "Show, verify and change the cluster configuration (crm syntax).",
    subcommands = {
      ConfigureCommand.Show.class,
      ConfigureCommand.Verify.class,
      ConfigureCommand.Load.class,
      ConfigureCommand.ImportXml.class,
      ConfigureCommand.ExportXml.class,
      ConfigureCommand.Delete.class,
      ConfigureCommand.Statement.Node.class,
      ConfigureCommand.Statement.Primitive.class,
      ConfigureCommand.Statement.Group.class,
      ConfigureCommand.Statement.Clone.class,
      ConfigureCommand.Statement.Ms.class,
      ConfigureCommand.Statement.Location.class,
      ConfigureCommand.Statement.Colocation.class,
      ConfigureCommand.Statement.Order.class,
      ConfigureCommand.Statement.Property.class,
      ConfigureCommand.Statement.RscDefaults.class,
      ConfigureCommand.Statement.OpDefaults.class,
      ConfigureCommand.Statement.Tag.class,
      ConfigureCommand.Statement.FencingTopology.class
    })
final class ConfigureCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static ObjectNode body() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Prints a change's answer: the new version and any verify warnings. */
  static void printChange(PrintWriter out, PrintWriter err, JsonNode answer) {
    if (!answer.path("changed").asBoolean(true)) {
      out.println("nothing changed (CIB " + answer.path("versions").asText() + ")");
      return;
    }
    out.println("applied: CIB " + answer.path("versions").asText());
    for (JsonNode w : answer.path("warnings")) {
      err.println(w.asText());
    }
  }

  static String readFile(String file) {
    try {
      if ("-".equals(file)) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, "no such file: " + file, e);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code configure show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the configuration in crm syntax (or the whole CIB as XML).")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--xml", description = "Print the CIB as Pacemaker XML instead.")
    boolean xml;

    @Override
    public Integer call() {
      JsonNode a = node.admin().get(xml ? "configuration/xml" : "configuration");
      spec.commandLine().getOut().print(a.path("text").asText());
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code configure verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check the configuration: ids, references, scores, times, agents. Exits 1 when it"
              + " finds errors.")
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Override
    public Integer call() {
      JsonNode a = node.admin().get("configuration/verify");
      PrintWriter out = spec.commandLine().getOut();
      for (JsonNode f : a.path("findings")) {
        out.println(f.path("text").asText());
      }
      int errors = a.path("errors").asInt();
      int warnings = a.path("warnings").asInt();
      out.printf(
          "%s: %d error%s, %d warning%s%n",
          errors == 0 ? "OK" : "INVALID",
          errors,
          errors == 1 ? "" : "s",
          warnings,
          warnings == 1 ? "" : "s");
      return errors == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** {@code configure load FILE}. */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description =
          "Replace the configuration with FILE (crm syntax; - for stdin), or with --update add"
              + " and replace only the objects FILE defines.")
  static final class Load implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--update", description = "Merge FILE's objects into the configuration.")
    boolean update;

    @Option(names = "--force", description = "Apply even without quorum or with verify errors.")
    boolean force;

    @Parameters(paramLabel = "FILE")
    String file;

    @Override
    public Integer call() {
      ObjectNode b = body();
      b.put("crm", readFile(file));
      b.put("update", update);
      b.put("force", force);
      printChange(
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          node.admin().post("configuration/load", b));
      return ExitCodes.OK;
    }
  }

  /** {@code configure import-xml FILE}. */
  @Command(
      name = "import-xml",
      mixinStandardHelpOptions = true,
      description =
          "Replace the configuration with the one in a Pacemaker CIB XML file (cibadmin -Q"
              + " output or cib.xml); its status section is ignored.")
  static final class ImportXml implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--force", description = "Apply even without quorum or with verify errors.")
    boolean force;

    @Parameters(paramLabel = "FILE")
    String file;

    @Override
    public Integer call() {
      ObjectNode b = body();
      b.put("xml", readFile(file));
      b.put("force", force);
      printChange(
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          node.admin().post("configuration/import-xml", b));
      return ExitCodes.OK;
    }
  }

  /** {@code configure export-xml}. */
  @Command(
      name = "export-xml",
      mixinStandardHelpOptions = true,
      description = "Print the CIB (configuration and status) as Pacemaker XML.")
  static final class ExportXml implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead.")
    Path outFile;

    @Override
    public Integer call() {
      String text = node.admin().get("configuration/xml").path("text").asText();
      if (outFile != null) {
        try {
          Files.writeString(outFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CliException(ExitCodes.FAILED, "cannot write " + outFile + ": " + e, e);
        }
      } else {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code configure delete ID...}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Delete resources, constraints or other objects by id. A resource that constraints"
              + " still name is refused unless --force, which deletes those constraints too.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(names = "--force", description = "Also delete what refers to the objects.")
    boolean force;

    @Parameters(paramLabel = "ID", arity = "1..*")
    List<String> ids;

    @Override
    public Integer call() {
      ObjectNode b = body();
      ids.forEach(b.putArray("ids")::add);
      b.put("force", force);
      printChange(
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          node.admin().post("configuration/delete", b));
      return ExitCodes.OK;
    }
  }

  /**
   * One crm statement given as words, e.g. {@code paceline configure primitive web
   * ocf:heartbeat:apache params configfile=/etc/apache2/apache2.conf op monitor interval=10s}.
   * Options go before the statement's words; everything after the first word is the statement.
   */
  abstract static class Statement implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeOption node;

    @Option(
        names = "--replace",
        description = "Replace an existing object with the same id (otherwise that is an error).")
    boolean replace;

    @Option(names = "--force", description = "Apply even without quorum or with verify errors.")
    boolean force;

    @Parameters(paramLabel = "WORD", arity = "1..*", description = "The statement, as crm has it.")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
      List<String> all = new ArrayList<>();
      all.add(spec.name());
      all.addAll(words);
      ObjectNode b = body();
      all.forEach(b.putArray("words")::add);
      b.put("replace", replace);
      b.put("force", force);
      printChange(
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          node.admin().post("configuration/statement", b));
      return ExitCodes.OK;
    }

    @Command(name = "node", description = "Define a node and its attributes.")
    static final class Node extends Statement {}

    @Command(name = "primitive", description = "Define a resource: ID CLASS:PROVIDER:TYPE ...")
    static final class Primitive extends Statement {}

    @Command(name = "group", description = "Group resources: ID MEMBER... [meta ...]")
    static final class Group extends Statement {}

    @Command(name = "clone", description = "Clone a resource: ID CHILD [meta ...]")
    static final class Clone extends Statement {}

    @Command(name = "ms", description = "A promotable clone (crmsh's ms): ID CHILD [meta ...]")
    static final class Ms extends Statement {}

    @Command(name = "location", description = "ID RSC SCORE: NODE, or ID RSC rule ...")
    static final class Location extends Statement {}

    @Command(name = "colocation", description = "ID SCORE: RSC[:ROLE] WITH-RSC[:ROLE]")
    static final class Colocation extends Statement {}

    @Command(name = "order", description = "ID [KIND|SCORE:] FIRST[:ACTION] THEN[:ACTION]")
    static final class Order extends Statement {}

    @Command(name = "property", description = "Set cluster properties: NAME=VALUE...")
    static final class Property extends Statement {}

    @Command(name = "rsc_defaults", description = "Set resource defaults: NAME=VALUE...")
    static final class RscDefaults extends Statement {}

    @Command(name = "op_defaults", description = "Set operation defaults: NAME=VALUE...")
    static final class OpDefaults extends Statement {}

    @Command(name = "tag", description = "Name a set of resources: ID: RSC...")
    static final class Tag extends Statement {}

    @Command(name = "fencing_topology", description = "Fencing levels: [TARGET:] DEVICE...")
    static final class FencingTopology extends Statement {}
  }
}
