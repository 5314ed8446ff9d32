/**
 * Self-fencing on lost quorum, and the {@code fence_watchdog} device that trusts it: a node whose
 * partition loses quorum halts itself after half the watchdog timeout if it still runs resources
 * ({@link org.paceline.fencing.watchdog.SelfFencer}); the quorate side's device waits the whole
 * timeout before it reports the node fenced ({@link
 * org.paceline.fencing.watchdog.WatchdogFenceAgent}).
 *
 * <p>Plain classes; the OSGi wiring is in {@code internal.osgi}.
 */
package org.paceline.fencing.watchdog;
