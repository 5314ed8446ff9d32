package org.paceline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.paceline.scheduler.tools.SimulationException;
import org.paceline.scheduler.tools.SimulationTool;
import org.paceline.scheduler.tools.SimulationTool.WhatIfKind;
import org.paceline.scheduler.tools.SimulationTool.WhatIfStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paceline simulate} and {@code paceline explain}: the scheduler on a CIB file (Pacemaker
 * XML with its status, or a configuration in crm syntax as a fresh cluster) or on the running
 * cluster's CIB, with what-if changes. The work is the scheduler's {@link SimulationTool}; this
 * class only reads the command line.
 */
final class SimulateCommand {

  private SimulateCommand() {}

  /** Where the CIB comes from, the what-ifs and "now": the options both commands share. */
  static final class Input {

    @Option(
        names = {"-x", "--xml"},
        paramLabel = "FILE",
        description = "A Pacemaker CIB in XML, with its status section.")
    Path xml;

    @Option(
        names = "--cib",
        paramLabel = "FILE",
        description =
            "A configuration in crm syntax; its node statements name the nodes, all online, no"
                + " history (a fresh cluster).")
    Path cib;

    @Option(
        names = {"-L", "--live"},
        description =
            "The running cluster's CIB, with the membership and quorum the local node sees (the"
                + " node: --config DIR, $PACELINE_CONF, /etc/paceline).")
    boolean live;

    @Option(
        names = {"-u", "--node-up"},
        paramLabel = "NODE",
        description = "What if NODE joins (repeatable).")
    List<String> nodeUp = new ArrayList<>();

    @Option(
        names = {"-d", "--node-down"},
        paramLabel = "NODE",
        description = "What if NODE leaves cleanly (repeatable).")
    List<String> nodeDown = new ArrayList<>();

    @Option(
        names = {"-f", "--node-fail"},
        paramLabel = "NODE",
        description = "What if NODE is lost and must be fenced (repeatable).")
    List<String> nodeFail = new ArrayList<>();

    @Option(
        names = {"-i", "--op-inject", "--op-fail"},
        paramLabel = "RSC_OP_INTERVAL@NODE=RC",
        description =
            "What if an operation returns RC, e.g. db_monitor_10000@n2=7 (repeatable); a result"
                + " other than the expected one counts as a failure.")
    List<String> opResults = new ArrayList<>();

    @Option(
        names = {"-t", "--set-datetime", "--date"},
        paramLabel = "DATETIME",
        description =
            "Schedule as of this time: epoch seconds, an ISO-8601 instant, or a date and time in"
                + " UTC (e.g. 2024-05-01 12:00:00). Default: the CIB's execution-date, else now.")
    String date;

    @Mixin NodeOption node;

    /**
     * The input with the what-ifs applied (in crm_simulate's order: nodes up, down, failed, then
     * operation results).
     *
     * @param liveByDefault read the live cluster when no source is given (explain), else it is a
     *     usage error (simulate)
     */
    SimulationTool.Loaded load(boolean liveByDefault) {
      int sources = (xml != null ? 1 : 0) + (cib != null ? 1 : 0) + (live ? 1 : 0);
      if (sources > 1) {
        throw new CliException(ExitCodes.USAGE, "give only one of --xml FILE, --cib FILE, --live");
      }
      if (sources == 0 && !liveByDefault) {
        throw new CliException(ExitCodes.USAGE, "give one of --xml FILE, --cib FILE, --live");
      }
      try {
        Instant at = date == null ? null : SimulationTool.parseDate(date);
        SimulationTool.Loaded loaded;
        if (xml != null) {
          loaded = SimulationTool.readXml(xml, at);
        } else if (cib != null) {
          loaded = SimulationTool.readCrm(cib, at);
        } else {
          AdminClient admin = node.admin();
          loaded = LiveCib.fetch(admin, admin.nodeName(), at);
        }
        return SimulationTool.apply(loaded, steps());
      } catch (SimulationException e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
      }
    }

    private List<WhatIfStep> steps() {
      List<WhatIfStep> steps = new ArrayList<>();
      nodeUp.forEach(n -> steps.add(new WhatIfStep(WhatIfKind.NODE_UP, n)));
      nodeDown.forEach(n -> steps.add(new WhatIfStep(WhatIfKind.NODE_DOWN, n)));
      nodeFail.forEach(n -> steps.add(new WhatIfStep(WhatIfKind.NODE_FAIL, n)));
      opResults.forEach(o -> steps.add(new WhatIfStep(WhatIfKind.OP_RESULT, o)));
      return steps;
    }
  }

  /** A scheduler failure that is not the input's fault: say what failed where. */
  static CliException internalError(RuntimeException e) {
    StackTraceElement[] where = e.getStackTrace();
    return new CliException(
        ExitCodes.FAILED,
        "internal error in the scheduler: "
            + e
            + (where.length > 0 ? " at " + where[0] : "")
            + " (please report it with the input)",
        e);
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Run the scheduler on a CIB and print what it would do, in crm_simulate's sections and"
            + " line format: Current cluster status, (Allocation scores,) Transition Summary,"
            + " Executing Cluster Transition, Revised Cluster Status.",
        "Give exactly one of --xml, --cib, --live. What-ifs apply in this order: --node-up,"
            + " --node-down, --node-fail, --op-fail."
      },
      footer = {
        "",
        "Examples:",
        "  paceline simulate --xml cib.xml --node-fail n1",
        "  paceline simulate --live --op-fail web_monitor_10000@n2=7 --show-scores"
      })
  static final class Simulate implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin Input input;

    @Option(
        names = {"-s", "--show-scores"},
        description = "Also print each resource's score on each node (Allocation scores).")
    boolean showScores;

    @Override
    public Integer call() {
      SimulationTool.Loaded loaded = input.load(false);
      String text;
      try {
        text = SimulationTool.simulate(loaded, showScores);
      } catch (RuntimeException e) {
        throw internalError(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Why RSC runs where it runs (or would run after the what-ifs): its current and target"
            + " placement, its score on each node and what contributed to it (constraints,"
            + " stickiness, failures, colocations).",
        "Reads the running cluster's CIB unless --xml or --cib names a file."
      },
      footer = {
        "",
        "Examples:",
        "  paceline explain web",
        "  paceline explain db --xml cib.xml --node-down n1"
      })
  static final class Explain implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "RSC",
        description = "A resource: primitive, group, clone or clone instance id.")
    String resource;

    @Mixin Input input;

    @Override
    public Integer call() {
      SimulationTool.Loaded loaded = input.load(true);
      List<String> lines;
      try {
        lines = SimulationTool.explain(loaded, resource);
      } catch (SimulationException e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
      } catch (RuntimeException e) {
        throw internalError(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      lines.forEach(out::println);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
