/**
 * The built-in fence agent {@code fence_paceline_process}: fences a node that runs on this host by
 * killing its whole process tree, found from its pid file. Meant for clusters whose nodes share one
 * host (tests, the demo, {@code paceline cluster init --fencing process}).
 *
 * <p>Plain classes; the OSGi wiring is in {@code internal.osgi}.
 */
package org.paceline.fencing.process;
