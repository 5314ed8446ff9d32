package org.paceline.cib.crm;

import java.util.List;

/** A cursor over one statement's tokens, with errors that name the position and expectation. */
final class Tokens {

  private final RawStatement statement;
  private final List<Token> tokens;
  private int pos;

  Tokens(RawStatement statement) {
    this.statement = statement;
    this.tokens = statement.tokens();
  }

  RawStatement statement() {
    return statement;
  }

  boolean atEnd() {
    return pos >= tokens.size();
  }

  /** The next token, or {@code null} at the end. */
  Token peek() {
    return peek(0);
  }

  /** The token {@code ahead} places after the next one, or {@code null}. */
  Token peek(int ahead) {
    int i = pos + ahead;
    return i < tokens.size() ? tokens.get(i) : null;
  }

  /** Whether the next token is the unquoted word {@code word}. */
  boolean at(String word) {
    Token t = peek();
    return t != null && t.is(word);
  }

  /** Whether the next token is one of the unquoted words. */
  boolean atAny(String... words) {
    Token t = peek();
    return t != null && t.isAny(words);
  }

  /** Consumes the next token; fails with "expected {@code what}" at the end. */
  Token next(String what) {
    if (atEnd()) {
      throw error(null, what);
    }
    return tokens.get(pos++);
  }

  /** Consumes the unquoted word {@code word} if it is next. */
  boolean accept(String word) {
    if (at(word)) {
      pos++;
      return true;
    }
    return false;
  }

  /** Consumes the unquoted word {@code word} or fails with "expected {@code what}". */
  Token expect(String word, String what) {
    Token t = next(what);
    if (!t.is(word)) {
      throw error(t, what);
    }
    return t;
  }

  /** Fails unless every token was consumed; {@code what} says what else could have followed. */
  void expectEnd(String what) {
    if (!atEnd()) {
      throw error(peek(), what);
    }
  }

  /** "expected {@code what} but found ..." at {@code t}, or at the end if {@code t} is null. */
  CrmSyntaxException error(Token t, String what) {
    if (t == null) {
      return new CrmSyntaxException(statement.endLine(), statement.endColumn(), what, null);
    }
    return new CrmSyntaxException(t.line(), t.column(), what, t.text());
  }

  /** A problem at {@code t} that is not an expectation. */
  static CrmSyntaxException problem(Token t, String detail) {
    return new CrmSyntaxException(t.line(), t.column(), detail);
  }
}
