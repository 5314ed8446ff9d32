package org.paceline.scheduler;

/**
 * A node as the scheduler saw it.
 *
 * @param name the node name
 * @param online whether it is in the membership
 * @param unclean whether its state is unknown and it must be fenced before its resources can be
 *     recovered
 * @param standby whether it may not run resources (standby, or not yet joined)
 * @param maintenance whether resources on it are left alone
 * @param pending whether it is joining
 * @param shutdown whether it is shutting down
 * @param state the state as crm_mon prints it ({@code online}, {@code OFFLINE}, {@code standby},
 *     {@code UNCLEAN (offline)}, ...)
 */
public record NodeView(
    String name,
    boolean online,
    boolean unclean,
    boolean standby,
    boolean maintenance,
    boolean pending,
    boolean shutdown,
    String state) {}
