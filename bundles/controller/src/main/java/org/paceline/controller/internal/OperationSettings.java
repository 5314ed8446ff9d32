package org.paceline.controller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.Operation;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.RuleContext;
import org.paceline.cib.model.Template;
import org.paceline.scheduler.ScheduledAction;

/**
 * What a node needs to run one scheduled action: the resource's parameters, the meta attributes the
 * agent sees, and the timeout, from the configuration as Pacemaker resolves them (the operation's
 * own definition, then {@code op_defaults}, then 20 s; a template's values under the primitive's).
 */
final class OperationSettings {

  /** Pacemaker's default operation timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private OperationSettings() {}

  /**
   * The request for {@code action}.
   *
   * @throws IllegalArgumentException if the configuration no longer has the resource
   */
  static ActionRequest request(
      Configuration config, ScheduledAction action, String transitionKey, Instant now) {
    String historyId = action.historyId() != null ? action.historyId() : action.resource();
    String primitiveId = NodeStatus.primitiveOf(action.resource());
    Optional<Primitive> found =
        config.primitive(primitiveId).or(() -> config.primitive(action.resource()));
    if (found.isEmpty() && action.agent() != null) {
      // An orphan (removed from the configuration, still active or known somewhere): its node's
      // executor runs the stop or probe with the parameters it last ran the resource with.
      String dflt = config.effectiveOpDefaults(RuleContext.at(now)).get("timeout");
      Duration timeout =
          dflt == null ? DEFAULT_TIMEOUT : PacemakerDurations.parse(dflt, "op_defaults timeout");
      return new ActionRequest(
          transitionKey,
          action.node(),
          historyId,
          action.agent(),
          action.task(),
          action.intervalMs(),
          (timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout).toMillis(),
          action.expectedRc(),
          Map.of(),
          Map.of(ActionRequest.ORPHAN_META, "true"));
    }
    Primitive p =
        found.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "resource '" + primitiveId + "' is not in the configuration"));
    Optional<Template> template =
        p.template() == null ? Optional.empty() : config.template(p.template());
    Map<String, String> params = new LinkedHashMap<>();
    template.ifPresent(t -> params.putAll(t.params()));
    params.putAll(config.effectiveParams(p.id()));
    Map<String, String> meta = new LinkedHashMap<>();
    template.ifPresent(t -> meta.putAll(t.meta()));
    meta.putAll(config.effectiveMeta(p.id()));
    int colon = action.resource().lastIndexOf(':');
    if (colon > 0 && !action.resource().equals(primitiveId)) {
      meta.put("clone", action.resource().substring(colon + 1));
    }
    meta.putAll(action.notification());
    Optional<Operation> op = operation(p, template, action.task(), action.intervalMs());
    op.ifPresent(o -> params.putAll(o.params()));
    Duration timeout = op.map(Operation::timeout).orElse(null);
    if (timeout == null || timeout.isZero()) {
      String dflt = config.effectiveOpDefaults(RuleContext.at(now)).get("timeout");
      timeout =
          dflt == null ? DEFAULT_TIMEOUT : PacemakerDurations.parse(dflt, "op_defaults timeout");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      timeout = DEFAULT_TIMEOUT;
    }
    return new ActionRequest(
        transitionKey,
        action.node(),
        historyId,
        action.agent() != null ? action.agent() : p.agent().toString(),
        action.task(),
        action.intervalMs(),
        timeout.toMillis(),
        action.expectedRc(),
        params,
        meta);
  }

  private static Optional<Operation> operation(
      Primitive p, Optional<Template> template, String task, long intervalMs) {
    Optional<Operation> own = p.operation(task, intervalMs);
    if (own.isPresent()) {
      return own;
    }
    if (template.isPresent()) {
      for (Operation o : template.get().operations()) {
        if (o.name().equals(task) && o.interval().toMillis() == intervalMs) {
          return Optional.of(o);
        }
      }
    }
    if ("monitor".equals(task) && intervalMs == 0) {
      // A probe takes the timeout of the resource's shortest monitor, as Pacemaker's does.
      return p.operations().stream()
          .filter(o -> o.name().equals("monitor"))
          .min((a, b) -> a.interval().compareTo(b.interval()));
    }
    return Optional.empty();
  }
}
