package org.paceline.scheduler;

/**
 * An edge of the transition graph: action {@code then} may start only after action {@code first}
 * completed.
 *
 * @param first the id of the action that comes first
 * @param then the id of the action that waits
 */
public record ActionOrdering(int first, int then) {}
