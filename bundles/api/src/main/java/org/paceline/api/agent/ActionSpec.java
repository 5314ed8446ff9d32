package org.paceline.api.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * One action an agent supports, as declared in its meta-data.
 *
 * @param name action name as OCF spells it ({@code start}, {@code meta-data}, ...)
 * @param timeout the agent's suggested timeout, or {@code null}
 * @param interval the suggested interval for recurring actions ({@link Duration#ZERO} if none)
 * @param depth the OCF check level for monitor (0 if not given)
 * @param role the role a monitor applies to ({@code Promoted}, {@code Unpromoted}) or {@code null}
 */
public record ActionSpec(String name, Duration timeout, Duration interval, int depth, String role) {

  public ActionSpec {
    Objects.requireNonNull(name, "name");
    interval = interval == null ? Duration.ZERO : interval;
  }

  /** An action with a timeout and no interval. */
  public static ActionSpec of(String name, Duration timeout) {
    return new ActionSpec(name, timeout, Duration.ZERO, 0, null);
  }
}
