package org.paceline.cib.crm;

/**
 * A problem in crm configuration text, with the line and column (both 1-based) where it was found.
 * The message reads {@code line L, column C: expected X but found 'Y'} when the parser knows what
 * it expected, or {@code line L, column C: PROBLEM} otherwise.
 */
public class CrmSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String expected;
  private final String found;
  private final String detail;

  /**
   * A syntax error: {@code expected} was wanted at this position but {@code found} was there.
   *
   * @param found the text found, or {@code null} for the end of the statement
   */
  public CrmSyntaxException(int line, int column, String expected, String found) {
    super(
        position(line, column)
            + "expected "
            + expected
            + " but found "
            + (found == null ? "the end of the statement" : "'" + found + "'"));
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
    this.detail = null;
  }

  /** A problem that is not a plain "expected X": {@code detail} says what is wrong. */
  public CrmSyntaxException(int line, int column, String detail) {
    super(position(line, column) + detail);
    this.line = line;
    this.column = column;
    this.expected = null;
    this.found = null;
    this.detail = detail;
  }

  private static String position(int line, int column) {
    return "line " + line + ", column " + column + ": ";
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem. */
  public int column() {
    return column;
  }

  /** What the parser expected, or {@code null} if the problem is not an expectation. */
  public String expected() {
    return expected;
  }

  /**
   * The text found where {@link #expected()} was wanted; {@code null} at the end of a statement.
   */
  public String found() {
    return found;
  }

  /** The problem without its position. */
  public String problem() {
    return detail != null ? detail : getMessage().substring(position(line, column).length());
  }
}
