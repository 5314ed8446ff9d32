/**
 * Runs resource-agent operations on this node: the {@link org.paceline.executor.Executor} service
 * (one serial queue per resource, parallel across resources up to a node-wide limit, timeouts,
 * recurring monitors that report changes), its results ({@link
 * org.paceline.executor.ExecutedOperation}) and the {@link org.paceline.executor.AgentDirectory} it
 * finds agents in.
 */
@Export
@Version("1.0.0")
package org.paceline.executor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
