package org.paceline.scheduler.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.paceline.cib.crm.CrmParser;
import org.paceline.cib.model.Cib;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.CibXmlException;
import org.paceline.cib.xml.XmlLimits;
import org.paceline.scheduler.Explainer;
import org.paceline.scheduler.Schedule;
import org.paceline.scheduler.Scheduler;
import org.paceline.scheduler.SchedulerInput;
import org.paceline.scheduler.SimulationFormatter;
import org.paceline.scheduler.WhatIf;

/**
 * What {@code simulate} and {@code explain} do, for both front ends (the development entry point
 * {@link SimulateMain} and the {@code paceline} command): read a CIB (Pacemaker XML with its
 * status, or crm text for a fresh cluster), apply what-if changes, then print the simulation in
 * crm_simulate's format or explain one resource's placement.
 *
 * <p>"Now" is, in order: the date the caller gives, the CIB's {@code execution-date}, the current
 * time. Every problem with the input is a {@link SimulationException} whose message names the file
 * (or source), and the line and column where there is one.
 */
public final class SimulationTool {

  private SimulationTool() {}

  /**
   * A scheduler input ready to run.
   *
   * @param input the configuration and status
   * @param now the time to schedule at
   * @param executionDate the CIB's recorded {@code execution-date} when it serves as "now" (printed
   *     as crm_simulate prints it), else null
   */
  public record Loaded(SchedulerInput input, Instant now, Instant executionDate) {

    public Loaded {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(now, "now");
    }

    /** The same time with another input (e.g. after a what-if). */
    public Loaded withInput(SchedulerInput next) {
      return new Loaded(next, now, executionDate);
    }
  }

  /** The kinds of what-if change, as crm_simulate names them. */
  public enum WhatIfKind {
    /** A node joins ({@code --node-up N}). */
    NODE_UP("--node-up"),
    /** A node leaves cleanly ({@code --node-down N}). */
    NODE_DOWN("--node-down"),
    /** A node is lost and must be fenced ({@code --node-fail N}). */
    NODE_FAIL("--node-fail"),
    /** An operation result ({@code --op-fail RSC_OP_INTERVAL@NODE=RC}). */
    OP_RESULT("--op-fail");

    private final String option;

    WhatIfKind(String option) {
      this.option = option;
    }

    /** The command-line option that asks for it. */
    public String option() {
      return option;
    }
  }

  /**
   * One what-if change.
   *
   * @param kind what changes
   * @param argument the node name, or for {@link WhatIfKind#OP_RESULT} {@code
   *     RSC_OP_INTERVAL@NODE=RC}
   */
  public record WhatIfStep(WhatIfKind kind, String argument) {
    public WhatIfStep {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(argument, "argument");
    }
  }

  /** Reads a Pacemaker CIB XML file (configuration and status). */
  public static Loaded readXml(Path file, Instant date) throws SimulationException {
    Objects.requireNonNull(file, "file");
    try {
      return xmlInput(CibXml.read(file, XmlLimits.DEFAULT), date, file.toString());
    } catch (CibXmlException e) {
      throw new SimulationException(e.getMessage(), e); // already names the file
    } catch (IOException e) {
      throw new SimulationException(cannotRead(file, e), e);
    }
  }

  /** Reads Pacemaker CIB XML text; {@code source} names it in error messages. */
  public static Loaded readXml(String text, String source, Instant date)
      throws SimulationException {
    Objects.requireNonNull(text, "text");
    try {
      Cib cib =
          CibXml.read(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), XmlLimits.DEFAULT);
      return xmlInput(cib, date, source);
    } catch (CibXmlException e) {
      throw new SimulationException(source + ": " + e.getMessage(), e);
    }
  }

  private static Loaded xmlInput(Cib cib, Instant date, String source) throws SimulationException {
    Instant executionDate;
    try {
      executionDate = cib.executionDate().orElse(null);
    } catch (IllegalArgumentException e) {
      throw new SimulationException(source + ": " + e.getMessage(), e);
    }
    if (date != null) {
      return new Loaded(SchedulerInput.of(cib), date, null);
    }
    Instant now = executionDate != null ? executionDate : Instant.now();
    return new Loaded(SchedulerInput.of(cib), now, executionDate);
  }

  /**
   * Reads a configuration in crm syntax as a fresh cluster: its {@code node} statements name the
   * nodes, all online, with no resource history.
   */
  public static Loaded readCrm(Path file, Instant date) throws SimulationException {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SimulationException(cannotRead(file, e), e);
    }
    try {
      return new Loaded(
          SchedulerInput.fresh(CrmParser.parse(text)), date != null ? date : Instant.now(), null);
    } catch (IllegalArgumentException e) {
      throw new SimulationException(file + ": " + e.getMessage(), e);
    }
  }

  private static String cannotRead(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + file;
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read " + file + ": permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "cannot read " + file + ": not UTF-8 text";
    }
    if (Files.isDirectory(file)) {
      return file + " is a directory, not a file";
    }
    return "cannot read " + file + ": " + e.getMessage();
  }

  /**
   * Parses a date for "now": epoch seconds, an ISO-8601 instant ({@code 2024-05-01T12:00:00Z}), a
   * date and time in UTC ({@code 2024-05-01T12:00:00} or with a space), or a date (midnight UTC).
   */
  public static Instant parseDate(String text) throws SimulationException {
    String t = Objects.requireNonNull(text, "text").trim();
    try {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      if (t.toUpperCase(Locale.ROOT).endsWith("Z")) {
        return Instant.parse(t.replace(' ', 'T'));
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException | NumberFormatException e) {
      throw new SimulationException(
          "bad date '"
              + text
              + "': expected epoch seconds, 2024-05-01T12:00:00Z, 2024-05-01 12:00:00 (UTC) or"
              + " 2024-05-01");
    }
  }

  /** Applies the what-if changes in the given order. */
  public static Loaded apply(Loaded loaded, List<WhatIfStep> steps) throws SimulationException {
    SchedulerInput input = loaded.input();
    for (WhatIfStep s : steps) {
      try {
        input =
            switch (s.kind()) {
              case NODE_UP -> WhatIf.nodeUp(input, s.argument());
              case NODE_DOWN -> WhatIf.nodeDown(input, s.argument());
              case NODE_FAIL -> WhatIf.nodeFail(input, s.argument());
              case OP_RESULT -> WhatIf.opResult(input, s.argument(), loaded.now().getEpochSecond());
            };
      } catch (IllegalArgumentException e) {
        throw new SimulationException(
            s.kind().option() + " " + s.argument() + ": " + e.getMessage());
      }
    }
    return loaded.withInput(input);
  }

  /** The simulation in crm_simulate's sections and line format. */
  public static String simulate(Loaded loaded, boolean showScores) {
    return SimulationFormatter.simulate(
        loaded.input(),
        loaded.now(),
        new SimulationFormatter.Options(showScores, loaded.executionDate()));
  }

  /** Lines that explain why {@code resource} is placed where it is. */
  public static List<String> explain(Loaded loaded, String resource) throws SimulationException {
    Schedule s = Scheduler.schedule(loaded.input(), loaded.now());
    try {
      return Explainer.explain(s, resource);
    } catch (IllegalArgumentException e) {
      throw new SimulationException(e.getMessage(), e);
    }
  }
}
