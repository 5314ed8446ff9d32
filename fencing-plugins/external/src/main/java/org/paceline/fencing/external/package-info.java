/**
 * Fence agents from the fence-agents package (or any script that speaks their protocol): every
 * executable {@code fence_*} in the configured directories becomes a {@link
 * org.paceline.api.fencing.FenceAgent} service named after the file, configured as {@code
 * stonith:fence_xxx}. Requests reach the agent as {@code key=value} lines on its standard input.
 *
 * <p>Plain classes; the OSGi wiring is in {@code internal.osgi}.
 */
package org.paceline.fencing.external;
