package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Splits crm configuration text into statements and tokens.
 *
 * <ul>
 *   <li>A statement is one line; a line ending with {@code \} continues on the next line.
 *   <li>A line whose first non-blank character is {@code #} is a comment, unless it continues a
 *       statement (so {@code #uname} may start a continuation line).
 *   <li>Words are separated by white space. {@code "..."} quotes (escapes {@code \"}, {@code \\},
 *       {@code \n}, {@code \r}, {@code \t}) and {@code '...'} quotes (no escapes) may appear
 *       anywhere in a word; outside quotes, {@code \} escapes the next character.
 *   <li>The first {@code =} of a word, quoted or not, makes it {@code name=value}.
 *   <li>{@code (}, {@code [} and {@code {} at the start of a word, and {@code )}, {@code ]} and
 *       {@code }} at the end of a word without {@code =}, are separate tokens (resource sets). A
 *       word starting with {@code /} (a resource pattern) is never split.
 * </ul>
 */
final class CrmLexer {

  private static final String OPENERS = "([{";
  private static final String CLOSERS = ")]}";

  private final List<RawStatement> statements = new ArrayList<>();
  private List<Token> current;
  private boolean continuing;

  private CrmLexer() {}

  /** The statements of {@code text}, in order. */
  static List<RawStatement> lex(String text) {
    CrmLexer lexer = new CrmLexer();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      lexer.line(line, i + 1);
    }
    lexer.finish();
    return lexer.statements;
  }

  private void line(String line, int lineNo) {
    if (!continuing) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        return;
      }
      current = new ArrayList<>();
    } else if (line.isBlank()) {
      finish();
      return;
    }
    continuing = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\\' && line.substring(i + 1).isBlank()) {
        continuing = true;
        break;
      } else if (OPENERS.indexOf(c) >= 0) {
        current.add(punctuation(c, lineNo, i + 1));
        i++;
      } else {
        i = word(line, i, lineNo);
      }
    }
    if (!continuing) {
      finish();
    }
  }

  private void finish() {
    if (current != null && !current.isEmpty()) {
      Token last = current.get(current.size() - 1);
      statements.add(new RawStatement(current, last.endLine(), last.end()));
    }
    current = null;
    continuing = false;
  }

  private static Token punctuation(char c, int line, int column) {
    return new Token(String.valueOf(c), line, column, column + 1, line, false, -1, false, 1);
  }

  /** Reads one word starting at {@code start}; returns the index after it. */
  private int word(String line, int start, int lineNo) {
    StringBuilder text = new StringBuilder();
    BitSet quotedChars = new BitSet();
    List<Integer> columns = new ArrayList<>();
    int i = start;
    int n = line.length();
    while (i < n && !Character.isWhitespace(line.charAt(i))) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'') {
        int close = quoted(line, i, lineNo, text, quotedChars, columns);
        i = close + 1;
      } else if (c == '\\') {
        if (line.substring(i + 1).isBlank()) {
          break; // a continuation right after the word
        }
        quotedChars.set(text.length());
        columns.add(i + 1);
        text.append(line.charAt(i + 1));
        i += 2;
      } else {
        columns.add(i + 1);
        text.append(c);
        i++;
      }
    }
    emit(text, quotedChars, columns, lineNo, start + 1, i + 1);
    return i;
  }

  /** Reads a quoted part opening at {@code open}; returns the index of the closing quote. */
  private static int quoted(
      String line,
      int open,
      int lineNo,
      StringBuilder text,
      BitSet quotedChars,
      List<Integer> columns) {
    char q = line.charAt(open);
    int i = open + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == q) {
        return i;
      }
      if (q == '"' && c == '\\' && i + 1 < line.length()) {
        char e = line.charAt(i + 1);
        c =
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            };
        i++;
      }
      quotedChars.set(text.length());
      columns.add(i + 1);
      text.append(c);
      i++;
    }
    throw new CrmSyntaxException(
        lineNo, open + 1, "unterminated quote: no closing " + q + " on this line");
  }

  private void emit(
      StringBuilder text, BitSet quotedChars, List<Integer> columns, int lineNo, int col, int end) {
    String s = text.toString();
    boolean anyQuoted = !quotedChars.isEmpty() || columns.size() != end - col;
    // As crmsh (shlex) reads words: the first '=' separates name and value, quoted or not.
    int eq = s.indexOf('=');
    if (eq >= 0) {
      // For name=value, "quoted" means the name was: a quoted value is just a value.
      anyQuoted = quotedChars.nextSetBit(0) >= 0 && quotedChars.nextSetBit(0) < eq;
    }
    // Split unquoted closing brackets off the end of a word that is not key=value or /pattern/.
    List<Token> closers = new ArrayList<>();
    int len = s.length();
    if (eq < 0 && !s.startsWith("/")) {
      while (len > 1 && CLOSERS.indexOf(s.charAt(len - 1)) >= 0 && !quotedChars.get(len - 1)) {
        closers.add(0, punctuation(s.charAt(len - 1), lineNo, columns.get(len - 1)));
        len--;
      }
    }
    String body = s.substring(0, len);
    int bodyEnd = len == s.length() ? end : columns.get(len);
    boolean colon = len > 0 && body.charAt(len - 1) == ':' && !quotedChars.get(len - 1);
    if (len == 1 && CLOSERS.indexOf(body.charAt(0)) >= 0 && !quotedChars.get(0)) {
      current.add(punctuation(body.charAt(0), lineNo, col));
    } else {
      int tail = 0;
      while (tail < len && !quotedChars.get(len - 1 - tail)) {
        tail++;
      }
      current.add(new Token(body, lineNo, col, bodyEnd, lineNo, anyQuoted, eq, colon, tail));
    }
    current.addAll(closers);
  }
}
