package org.paceline.cib.crm;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.paceline.cib.model.Score;

/** Lexical rules shared by the parser and the printer: ids, booleans, scores and quoting. */
final class CrmText {

  /** A CIB id: a letter or '_', then letters, digits, '_', '.', ':' or '-'. */
  static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

  static final String ID_RULE =
      "(a letter or '_' followed by letters, digits, '_', '.', ':' or '-')";

  static final String SCORE_EXPECTED = "a score (INFINITY, -INFINITY or an integer)";

  /**
   * Words with a meaning inside a statement (clause keywords, rule words); the printer quotes them
   * where an id or value could be taken for them.
   */
  static final Set<String> KEYWORDS =
      Set.of(
          "params",
          "meta",
          "utilization",
          "attributes",
          "op",
          "op_params",
          "op_meta",
          "operations",
          "rule",
          "and",
          "or",
          "defined",
          "not_defined",
          "date",
          "resource",
          "description");

  private CrmText() {}

  static boolean validId(String s) {
    return s != null && ID.matcher(s).matches();
  }

  /**
   * Parses a Pacemaker boolean: {@code true/yes/y/on/1} or {@code false/no/n/off/0}, any case.
   *
   * @return the value, or {@code null} if {@code text} is not a boolean
   */
  static Boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "y", "on", "1" -> Boolean.TRUE;
      case "false", "no", "n", "off", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  /**
   * Parses a score: an integer, {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY}, {@code
   * inf}, {@code +inf}, {@code -inf} (any case), or crmsh's old {@code mandatory} (INFINITY) and
   * {@code advisory} (0).
   *
   * @return the score, or {@code null} if {@code text} is none of those
   */
  static Score score(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("mandatory")) {
      return Score.INFINITY;
    }
    if (t.equals("advisory")) {
      return Score.ZERO;
    }
    if (!t.matches("[+-]?(\\d+|inf|infinity)")) {
      return null;
    }
    try {
      return Score.parse(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A score as the printer writes it: {@code INFINITY}, {@code -INFINITY} or the integer. */
  static String score(Score s) {
    if (s.isInfinity()) {
      return "INFINITY";
    }
    if (s.isMinusInfinity()) {
      return "-INFINITY";
    }
    return Integer.toString(s.value());
  }

  /**
   * {@code s} as one token that reads back as the same text and is never taken for a keyword,
   * punctuation, a score, an assignment or a reference: quoted when it is empty, a keyword, or
   * contains white space, quotes, backslashes, brackets, {@code =}, a trailing {@code :} or a
   * leading {@code $} or {@code @}.
   */
  static String word(String s) {
    return needsQuotes(s, true) ? quote(s) : s;
  }

  /**
   * A value in a position where it cannot be taken for a keyword, score or reference (after {@code
   * name=}, an operation name, a pattern): quoted only for white space, quotes, backslashes and
   * brackets.
   */
  static String value(String s) {
    return needsQuotes(s, false) ? quote(s) : s;
  }

  private static boolean needsQuotes(String s, boolean word) {
    if (s.isEmpty() || (word && KEYWORDS.contains(s))) {
      return true;
    }
    char first = s.charAt(0);
    if (word && (first == '$' || first == '@' || s.endsWith(":"))) {
      return true;
    }
    String special = word ? "\"'\\()[]{}=" : "\"'\\()[]{}";
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || special.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code s} in double quotes with {@code \"}, {@code \\}, {@code \n}, {@code \r} and {@code \t}
   * escaped.
   */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
