package org.paceline.cib.crm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.Role;

/**
 * One {@code op NAME ...} clause being read. Inline {@code name=value} attributes are the typed
 * ones ({@code interval}, {@code timeout}, {@code role}, {@code on-fail}, {@code enabled}),
 * Pacemaker's other operation attributes ({@link #OP_ATTRIBUTES}, kept as extra attributes), and
 * anything else, which crmsh treats as an operation parameter (e.g. {@code OCF_CHECK_LEVEL}).
 * {@code op_params k=v} always gives parameters and {@code op_meta k=v} always attributes.
 */
final class OperationSyntax {

  /** Operation attributes Pacemaker defines besides the typed ones. */
  static final Set<String> OP_ATTRIBUTES =
      Set.of("start-delay", "interval-origin", "record-pending", "requires", "description");

  static final Set<String> TYPED = Set.of("interval", "timeout", "role", "on-fail", "enabled");

  /** Where attributes go. */
  enum Part {
    INLINE,
    PARAMS,
    META
  }

  private final Token name;
  private final String what;
  private final Map<String, String> typed = new LinkedHashMap<>();
  private final Map<String, String> extra = new LinkedHashMap<>();
  private final Map<String, String> params = new LinkedHashMap<>();
  private final Map<String, Token> where = new LinkedHashMap<>();

  OperationSyntax(Tokens t, String what) {
    Token n = t.next("an operation name (start, stop, monitor, ...)");
    if (n.assignment() || Syntax.isPunctuation(n) || n.text().isBlank()) {
      throw t.error(n, "an operation name (start, stop, monitor, ...)");
    }
    this.name = n;
    this.what = what + " operation '" + n.text() + "'";
  }

  void read(Tokens t, Part part) {
    while (!t.atEnd() && t.peek().assignment()) {
      Token tok = t.next("name=value");
      String key = tok.key();
      if (!tok.quoted() && key.equals("$id")) {
        continue;
      }
      if (!tok.quoted() && key.startsWith("$")) {
        throw Tokens.problem(tok, "'" + key + "' in an operation is not supported");
      }
      Map<String, String> into;
      if (part == Part.PARAMS) {
        into = params;
      } else if (TYPED.contains(key)) {
        into = typed;
      } else if (part == Part.META || OP_ATTRIBUTES.contains(key)) {
        into = extra;
      } else {
        into = params;
      }
      if (into.containsKey(key)) {
        throw Tokens.problem(tok, what + " sets '" + key + "' twice");
      }
      into.put(key, tok.value());
      where.put((into == params ? "param:" : "") + key, tok);
    }
  }

  Operation build() {
    Duration interval = null;
    Duration timeout = null;
    Role role = null;
    Operation.OnFail onFail = null;
    boolean enabled = true;
    String v;
    if ((v = typed.get("interval")) != null) {
      interval = ResourceSyntax.duration(where.get("interval"), v, "an interval");
    }
    if ((v = typed.get("timeout")) != null) {
      Token tok = where.get("timeout");
      timeout = ResourceSyntax.duration(tok, v, "a timeout");
      if (timeout.isZero()) {
        throw new CrmSyntaxException(
            tok.line(), tok.column(), "a timeout greater than zero", tok.value());
      }
    }
    if ((v = typed.get("role")) != null) {
      role = Syntax.role(where.get("role"), v);
    }
    if ((v = typed.get("on-fail")) != null) {
      try {
        onFail = Operation.OnFail.parse(v);
      } catch (IllegalArgumentException e) {
        Token tok = where.get("on-fail");
        throw new CrmSyntaxException(
            tok.line(),
            tok.column(),
            "an on-fail policy (ignore, block, demote, stop, restart, standby, fence or"
                + " restart-container)",
            tok.value());
      }
    }
    if ((v = typed.get("enabled")) != null) {
      enabled = Syntax.bool(where.get("enabled"), v, "enabled=");
    }
    try {
      return new Operation(name.text(), interval, timeout, role, onFail, enabled, extra, params);
    } catch (IllegalArgumentException e) {
      throw Tokens.problem(name, what + ": " + e.getMessage());
    }
  }
}
