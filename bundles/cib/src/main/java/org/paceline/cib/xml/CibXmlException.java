package org.paceline.cib.xml;

import java.io.IOException;

/**
 * A CIB XML document that cannot be read: malformed XML, a forbidden construct (a DOCTYPE, an
 * entity), input over the size limit, or content the model cannot represent. The message names the
 * element and, where the problem has a place, the line and column.
 */
public class CibXmlException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String detail;

  /**
   * @param message what is wrong
   * @param line the line, 1-based, or -1 if the problem has no place
   * @param column the column, 1-based, or -1
   * @param cause the underlying error, or {@code null}
   */
  public CibXmlException(String message, int line, int column, Throwable cause) {
    this(null, message, line, column, cause);
  }

  private CibXmlException(String source, String message, int line, int column, Throwable cause) {
    super(
        (source == null ? "" : source + ": ")
            + (line > 0 ? "line " + line + ", column " + column + ": " : "")
            + message,
        cause);
    this.line = line;
    this.column = column;
    this.detail = message;
  }

  /** The same error, its message prefixed with the name of the document (e.g. the file). */
  public CibXmlException in(String source) {
    return new CibXmlException(source, detail, line, column, this);
  }

  public CibXmlException(String message) {
    this(message, -1, -1, null);
  }

  /** The line of the problem, 1-based, or -1 if it has none. */
  public int line() {
    return line;
  }

  /** The column of the problem, 1-based, or -1 if it has none. */
  public int column() {
    return column;
  }
}
