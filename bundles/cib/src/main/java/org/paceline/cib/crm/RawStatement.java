package org.paceline.cib.crm;

import java.util.List;

/**
 * The tokens of one statement (one logical line, continuation lines joined), before parsing.
 *
 * @param tokens the tokens, at least one
 * @param endLine the line where the statement ends
 * @param endColumn the column just after its last token
 */
record RawStatement(List<Token> tokens, int endLine, int endColumn) {

  RawStatement {
    tokens = List.copyOf(tokens);
  }

  int line() {
    return tokens.get(0).line();
  }

  int column() {
    return tokens.get(0).column();
  }
}
