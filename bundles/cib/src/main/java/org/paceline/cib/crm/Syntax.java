package org.paceline.cib.crm;

import java.util.Map;
import org.paceline.cib.model.Role;
import org.paceline.cib.model.Score;

/** Parsing helpers shared by the statement parsers. */
final class Syntax {

  private Syntax() {}

  /** Consumes an id; {@code what} names it in the error. */
  static String id(Tokens t, String what) {
    Token tok = t.next(what + " " + CrmText.ID_RULE);
    return id(t, tok, what);
  }

  /** Checks that {@code tok} is a valid id. */
  static String id(Tokens t, Token tok, String what) {
    if (tok.assignment() || !CrmText.validId(tok.text()) || isPunctuation(tok)) {
      throw t.error(tok, what + " " + CrmText.ID_RULE);
    }
    if (!tok.quoted() && CrmText.KEYWORDS.contains(tok.text())) {
      throw t.error(tok, what + " (the keyword '" + tok.text() + "' must be quoted to be an id)");
    }
    return tok.text();
  }

  static boolean isPunctuation(Token tok) {
    return !tok.quoted() && tok.text().length() == 1 && "()[]{}".contains(tok.text());
  }

  /**
   * Consumes {@code SCORE:} (one token, or a score followed by a lone {@code :}).
   *
   * @return the score text without the colon, and the token it came from
   */
  static Token scoreToken(Tokens t, String what) {
    Token tok = t.next(what);
    if (tok.quoted() || tok.assignment()) {
      throw t.error(tok, what);
    }
    if (tok.colon()) {
      if (tok.beforeColon().isEmpty()) {
        throw t.error(tok, what);
      }
      return tok;
    }
    Token colon = t.peek();
    if (colon != null && colon.is(":")) {
      t.next(":");
      return tok;
    }
    if (CrmText.score(tok.text()) == null) {
      throw t.error(tok, what);
    }
    throw t.error(colon, "':' after the score " + tok.text());
  }

  /** Consumes {@code SCORE:} and parses the score, with the error the brief asks for. */
  static Score score(Tokens t, String what) {
    Token tok = scoreToken(t, what);
    Score s = CrmText.score(tok.beforeColon());
    if (s == null) {
      throw new CrmSyntaxException(
          tok.line(), tok.column(), CrmText.SCORE_EXPECTED + " before ':'", tok.beforeColon());
    }
    return s;
  }

  /** Parses a role name at {@code tok}. */
  static Role role(Token tok, String text) {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CrmSyntaxException(
          tok.line(), tok.column(), "a role (Started, Stopped, Promoted or Unpromoted)", text);
    }
  }

  /** Parses a boolean at {@code tok}. */
  static boolean bool(Token tok, String text, String what) {
    Boolean b = CrmText.bool(text);
    if (b == null) {
      throw new CrmSyntaxException(tok.line(), tok.column(), what + " (true or false)", text);
    }
    return b;
  }

  /**
   * Consumes {@code name=value} tokens into {@code into} while they come. {@code $id=...} names the
   * attribute set in crmsh and is skipped (the model keeps no set ids); {@code $id-ref}, scores and
   * rules in attribute sets are not supported.
   */
  static void attributes(Tokens t, Map<String, String> into, String what) {
    Token first = t.peek();
    if (first != null
        && !first.quoted()
        && !first.assignment()
        && (first.colon() || first.is("rule"))) {
      throw Tokens.problem(first, "rules and scores in " + what + " are not supported");
    }
    while (!t.atEnd() && t.peek().assignment()) {
      Token tok = t.next("name=value");
      String key = tok.key();
      if (!tok.quoted() && key.equals("$id")) {
        continue;
      }
      if (!tok.quoted() && key.startsWith("$")) {
        throw Tokens.problem(tok, "'" + key + "' in " + what + " is not supported");
      }
      if (into.containsKey(key)) {
        throw Tokens.problem(tok, what + " sets '" + key + "' twice");
      }
      into.put(key, tok.value());
    }
  }
}
