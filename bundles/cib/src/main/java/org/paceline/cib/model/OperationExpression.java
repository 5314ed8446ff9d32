package org.paceline.cib.model;

import java.time.Duration;

/**
 * A test on the operation ({@code <op_expression>}), for rules in {@code op_defaults}.
 *
 * @param name the operation name, e.g. {@code monitor}
 * @param interval the interval, or {@code null} for any
 */
public record OperationExpression(String name, Duration interval) implements RuleExpression {

  public OperationExpression {
    Checks.nonBlank(name, "op_expression name");
    if (interval != null && interval.isNegative()) {
      throw new IllegalArgumentException("op_expression interval must not be negative");
    }
  }
}
