package org.paceline.cib.crm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.paceline.cib.model.Configuration;

/**
 * Parsed crm statements with their positions, before references between them (group members, clone
 * children, {@code monitor} targets) are resolved. {@link #toConfiguration()} resolves them; {@link
 * #problems()} lists every reference that cannot be resolved.
 */
public final class CrmScript {

  /** A 1-based line and column. */
  public record Position(int line, int column) {
    @Override
    public String toString() {
      return "line " + line + ", column " + column;
    }
  }

  /**
   * A statement and where it was written.
   *
   * @param statement the statement
   * @param position where it starts
   * @param references where each word after the keyword appears (first occurrence), so errors about
   *     a named object point at the name
   */
  public record Located(
      CrmStatement statement, Position position, Map<String, Position> references) {
    public Located {
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(position, "position");
      references = Map.copyOf(references);
    }

    /** Where {@code id} is named in this statement, or the statement's start. */
    public Position positionOf(String id) {
      return references.getOrDefault(id, position);
    }
  }

  /**
   * A reference that cannot be resolved, or an object that cannot be built.
   *
   * @param position where
   * @param objectId the object concerned
   * @param message what is wrong, naming the objects
   */
  public record Problem(Position position, String objectId, String message) {
    /** The problem as a {@link CrmSyntaxException}. */
    public CrmSyntaxException toException() {
      return new CrmSyntaxException(position.line(), position.column(), message);
    }
  }

  private final List<Located> statements;

  CrmScript(List<Located> statements) {
    this.statements = List.copyOf(statements);
  }

  /** The statements in text order. */
  public List<Located> statements() {
    return statements;
  }

  /** Every unresolvable reference and unbuildable object, in text order; empty if none. */
  public List<Problem> problems() {
    return new ScriptAssembler(statements).assemble().problems();
  }

  /**
   * The configuration these statements describe. Top-level resources come in the order of their own
   * statements; constraints and nodes in text order; a later {@code property}, {@code rsc_defaults}
   * or {@code op_defaults} value overrides an earlier one.
   *
   * @throws CrmSyntaxException for the first problem
   */
  public Configuration toConfiguration() {
    ScriptAssembler.Result r = new ScriptAssembler(statements).assemble();
    if (!r.problems().isEmpty()) {
      throw r.problems().get(0).toException();
    }
    return r.configuration();
  }
}
