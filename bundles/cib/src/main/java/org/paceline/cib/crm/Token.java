package org.paceline.cib.crm;

/**
 * One word of a statement. Quoting removes quotes and escapes from {@link #text}; a token with any
 * quoted part is never a keyword, a score or a punctuation mark.
 *
 * @param text the text with quotes and escapes removed
 * @param line the 1-based line of its first character
 * @param column the 1-based column of its first character
 * @param end the column just after its last character, on {@code endLine}
 * @param endLine the line of its last character
 * @param quoted whether any part of it was quoted or escaped; for {@code name=value}, whether any
 *     part of the name was
 * @param eq the index in {@code text} of the first {@code =}, or -1
 * @param colon whether it ends with an unquoted {@code :}
 * @param unquotedTail how many characters at the end of {@code text} were not quoted
 */
record Token(
    String text,
    int line,
    int column,
    int end,
    int endLine,
    boolean quoted,
    int eq,
    boolean colon,
    int unquotedTail) {

  /** Whether this token is the unquoted word {@code word}. */
  boolean is(String word) {
    return !quoted && text.equals(word);
  }

  /** Whether this token is one of the unquoted words. */
  boolean isAny(String... words) {
    for (String w : words) {
      if (is(w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this is a {@code key=value} token (a non-empty key before an unquoted '='). */
  boolean assignment() {
    return eq > 0;
  }

  /** The key of a {@code key=value} token. */
  String key() {
    return text.substring(0, eq);
  }

  /** The value of a {@code key=value} token. */
  String value() {
    return text.substring(eq + 1);
  }

  /** Whether the text from {@code index} on was written without quotes. */
  boolean unquotedFrom(int index) {
    return text.length() - index <= unquotedTail;
  }

  /** The text without its trailing colon (for {@code SCORE:} and {@code ID:} tokens). */
  String beforeColon() {
    return colon ? text.substring(0, text.length() - 1) : text;
  }
}
