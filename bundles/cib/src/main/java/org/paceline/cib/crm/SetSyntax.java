package org.paceline.cib.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses crmsh resource sets, listed in the order of Pacemaker's {@code resource_set} elements.
 * Members written one after another form an implicit set ({@code sequential=true
 * require-all=true}); {@code ( ... )} is a set with {@code sequential=false}, {@code [ ... ]} one
 * with {@code sequential=false require-all=false}; inside brackets {@code sequential=} and {@code
 * require-all=} override those. A member is {@code RSC[:SUFFIX]} (a role or an action); all members
 * of a set share one suffix, and a new suffix starts a new implicit set.
 */
final class SetSyntax {

  /**
   * One set as written.
   *
   * @param members the resource ids
   * @param suffix the role or action written after the members, or {@code null}
   * @param sequential the set's {@code sequential}
   * @param requireAll the set's {@code require-all}
   * @param explicit whether it was written in brackets
   * @param at where the set starts
   */
  record ParsedSet(
      List<String> members,
      String suffix,
      boolean sequential,
      boolean requireAll,
      boolean explicit,
      Token at) {}

  /** Which member suffixes are accepted. */
  interface SuffixCheck {
    boolean valid(String suffix);
  }

  private SetSyntax() {}

  /**
   * Whether {@code sets} is the plain two-resource form: no brackets and exactly two members in all
   * (one implicit set, or two when the members' suffixes differ).
   */
  static boolean plain(List<ParsedSet> sets) {
    int members = 0;
    for (ParsedSet s : sets) {
      if (s.explicit()) {
        return false;
      }
      members += s.members().size();
    }
    return members <= 2;
  }

  /** The id of the {@code index}-th set of a constraint (sets have no ids in crm syntax). */
  static String setId(String constraintId, int index) {
    return constraintId + "-" + index;
  }

  /**
   * Reads sets until {@code closer} (consumed), or, with a null {@code closer}, until the end of
   * the statement or a {@code name=value} token outside brackets.
   */
  static List<ParsedSet> sets(Tokens t, String closer, SuffixCheck suffixes, String suffixWhat) {
    List<ParsedSet> out = new ArrayList<>();
    List<String> implicit = new ArrayList<>();
    String implicitSuffix = null;
    Token implicitAt = null;
    while (true) {
      Token tok = t.peek();
      if (tok == null) {
        if (closer != null) {
          throw t.error(null, "'" + closer + "' closing the resource sets");
        }
        break;
      }
      if (closer != null && tok.is(closer)) {
        t.next(closer);
        break;
      }
      if (tok.is("(") || tok.is("[")) {
        if (!implicit.isEmpty()) {
          out.add(new ParsedSet(implicit, implicitSuffix, true, true, false, implicitAt));
          implicit = new ArrayList<>();
        }
        out.add(bracketed(t, suffixes, suffixWhat));
        continue;
      }
      if (tok.assignment() && closer == null) {
        break;
      }
      if (closer != null && tok.colon() && !tok.quoted()) {
        throw t.error(tok, "'" + closer + "' closing the resource sets");
      }
      Member m = member(t, t.next("a resource id"), suffixes, suffixWhat);
      if (!implicit.isEmpty() && !java.util.Objects.equals(m.suffix, implicitSuffix)) {
        out.add(new ParsedSet(implicit, implicitSuffix, true, true, false, implicitAt));
        implicit = new ArrayList<>();
      }
      if (implicit.isEmpty()) {
        implicitSuffix = m.suffix;
        implicitAt = m.at;
      }
      implicit.add(m.id);
    }
    if (!implicit.isEmpty()) {
      out.add(new ParsedSet(implicit, implicitSuffix, true, true, false, implicitAt));
    }
    return out;
  }

  private static ParsedSet bracketed(Tokens t, SuffixCheck suffixes, String suffixWhat) {
    Token open = t.next("( or [");
    String close = open.is("(") ? ")" : "]";
    boolean sequential = false;
    boolean requireAll = open.is("(");
    List<String> members = new ArrayList<>();
    String suffix = null;
    while (true) {
      Token tok = t.peek();
      if (tok == null) {
        throw t.error(null, "'" + close + "' closing the set opened at column " + open.column());
      }
      if (tok.is(close)) {
        t.next(close);
        break;
      }
      if (tok.assignment()) {
        t.next("sequential= or require-all=");
        String key = tok.key();
        if (key.equals("sequential")) {
          sequential = Syntax.bool(tok, tok.value(), "sequential=");
        } else if (key.equals("require-all")) {
          requireAll = Syntax.bool(tok, tok.value(), "require-all=");
        } else {
          throw t.error(tok, "sequential=, require-all=, a resource id or '" + close + "'");
        }
        continue;
      }
      if (Syntax.isPunctuation(tok)) {
        throw t.error(tok, "a resource id or '" + close + "' (sets cannot be nested)");
      }
      Member m = member(t, t.next("a resource id"), suffixes, suffixWhat);
      if (!members.isEmpty() && !java.util.Objects.equals(m.suffix, suffix)) {
        throw Tokens.problem(
            m.at, "all members of a bracketed set must have the same " + suffixWhat);
      }
      suffix = m.suffix;
      if (members.contains(m.id)) {
        throw Tokens.problem(m.at, "resource '" + m.id + "' is listed twice in one set");
      }
      members.add(m.id);
    }
    if (members.isEmpty()) {
      throw Tokens.problem(open, "empty resource set");
    }
    return new ParsedSet(members, suffix, sequential, requireAll, true, open);
  }

  private record Member(String id, String suffix, Token at) {}

  private static Member member(Tokens t, Token tok, SuffixCheck suffixes, String suffixWhat) {
    if (Syntax.isPunctuation(tok) || tok.assignment()) {
      throw t.error(tok, "a resource id");
    }
    String text = tok.text();
    int colon = text.lastIndexOf(':');
    String id = text;
    String suffix = null;
    if (colon > 0 && tok.unquotedFrom(colon) && suffixes.valid(text.substring(colon + 1))) {
      id = text.substring(0, colon);
      suffix = text.substring(colon + 1);
    }
    return new Member(Syntax.id(t, withText(tok, id), "a resource id"), suffix, tok);
  }

  private static Token withText(Token tok, String text) {
    return new Token(
        text,
        tok.line(),
        tok.column(),
        tok.end(),
        tok.endLine(),
        tok.quoted(),
        -1,
        false,
        text.length());
  }
}
