package org.paceline.scheduler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.paceline.scheduler.internal.Engine;

/**
 * Prints a simulation in crm_simulate's sections and line formats, so the two tools' outputs can be
 * compared: "Current cluster status", optionally the allocation scores, "Transition Summary",
 * "Executing Cluster Transition" and "Revised Cluster Status" (the state after the transition ran
 * successfully, see {@link Simulation}).
 */
public final class SimulationFormatter {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * What to print besides the standard sections.
   *
   * @param showScores print each resource's node scores ("Allocation scores")
   * @param executionDate print "Using the original execution date of: ..." first, or null
   */
  public record Options(boolean showScores, Instant executionDate) {

    /** The standard sections only. */
    public static final Options DEFAULT = new Options(false, null);
  }

  private SimulationFormatter() {}

  /** Schedules {@code input} at {@code now} and prints the simulation. */
  public static String simulate(SchedulerInput input, Instant now, Options options) {
    Schedule schedule = Scheduler.schedule(input, now);
    return format(input, schedule, options);
  }

  /** Prints the simulation of an already computed {@code schedule} of {@code input}. */
  public static String format(SchedulerInput input, Schedule schedule, Options options) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(schedule, "schedule");
    Options opts = options == null ? Options.DEFAULT : options;
    List<String> out = new ArrayList<>();
    if (opts.executionDate() != null) {
      out.add("Using the original execution date of: " + DATE.format(opts.executionDate()));
    }
    Engine.Status current =
        Engine.status(input.configuration(), input.status(), input.quorate(), schedule.now());
    if (current.disabled() > 0 || current.blocked() > 0) {
      out.add(
          current.disabled()
              + " of "
              + current.instances()
              + " resource instances DISABLED and "
              + current.blocked()
              + " BLOCKED from further action due to failure");
      out.add("");
    }
    out.add("Current cluster status:");
    out.addAll(current.lines());
    out.add("");
    if (opts.showScores()) {
      out.add("Allocation scores:");
      for (ScoreExplanation e : schedule.explanations().values()) {
        for (var s : e.scores().entrySet()) {
          out.add(
              "  * pcmk__"
                  + e.kind()
                  + "_assign: "
                  + e.resource()
                  + " allocation score on "
                  + s.getKey()
                  + ": "
                  + scoreText(s.getValue()));
        }
      }
      out.add("");
    }
    out.add("Transition Summary:");
    out.addAll(summaryLines(schedule.changes()));
    out.add("");
    out.add("Executing Cluster Transition:");
    out.addAll(executionLines(schedule));
    if (opts.executionDate() != null) {
      // crm_simulate reads the CIB again for the revised status and says so again
      out.add("Using the original execution date of: " + DATE.format(opts.executionDate()));
    }
    out.add("");
    SchedulerInput revised = Simulation.apply(input, schedule);
    out.add("Revised Cluster Status:");
    out.addAll(
        Engine.status(revised.configuration(), revised.status(), revised.quorate(), schedule.now())
            .lines());
    StringBuilder b = new StringBuilder();
    for (String l : out) {
      b.append(l).append('\n');
    }
    return b.toString();
  }

  static String scoreText(int s) {
    if (s >= 1_000_000) {
      return "INFINITY";
    }
    if (s <= -1_000_000) {
      return "-INFINITY";
    }
    return Integer.toString(s);
  }

  /**
   * The transition summary lines, aligned as crm_simulate aligns them: the resource column grows to
   * two more than the longest id seen, the details column to the longest details.
   */
  public static List<String> summaryLines(List<Change> changes) {
    int rscWidth = 5;
    int detailWidth = 5;
    for (Change ch : changes) {
      if (ch.fencing()) {
        continue;
      }
      if (ch.subject().length() > rscWidth) {
        rscWidth = ch.subject().length() + 2;
      }
      detailWidth = Math.max(detailWidth, ch.details().length());
    }
    List<String> out = new ArrayList<>();
    for (Change ch : changes) {
      if (ch.fencing()) {
        out.add("  * " + ch.verb() + " " + ch.subject() + " '" + ch.reason() + "'");
        continue;
      }
      StringBuilder b = new StringBuilder("  * ");
      b.append(pad(ch.verb(), 8)).append("   ");
      b.append(pad(ch.subject(), rscWidth)).append("   ");
      b.append("( ").append(padLeft(ch.details(), detailWidth)).append(" )");
      if (!ch.reason().isEmpty()) {
        b.append("  ").append(ch.reason());
      }
      out.add(b.toString());
    }
    return out;
  }

  /** The "Executing Cluster Transition" lines: each graph action in execution order. */
  public static List<String> executionLines(Schedule schedule) {
    List<String> out = new ArrayList<>();
    for (ScheduledAction a : schedule.actions()) {
      if (a.fencing()) {
        out.add("  * Fencing " + a.node() + " (" + a.fenceAction() + ")");
      } else if (a.pseudo()) {
        out.add("  * Pseudo action:   " + a.key());
      } else if (a.resource() == null) {
        out.add("  * Cluster action:  " + a.task() + " on " + a.node());
      } else {
        String task = a.intervalMs() > 0 ? a.task() + "=" + a.intervalMs() : a.task();
        String name = a.historyId() == null ? a.resource() : a.historyId();
        out.add("  * Resource action: " + pad(name, 15) + " " + task + " on " + a.node());
      }
    }
    return out;
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder(s);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }

  private static String padLeft(String s, int width) {
    StringBuilder b = new StringBuilder();
    while (b.length() + s.length() < width) {
      b.append(' ');
    }
    return b.append(s).toString();
  }
}
