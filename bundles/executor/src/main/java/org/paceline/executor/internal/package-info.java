/**
 * The executor's implementation: {@link org.paceline.executor.internal.NodeExecutor}, plain Java
 * that knows nothing of OSGi, and the {@link org.paceline.executor.internal.AgentRegistry} that
 * picks one agent service per agent id.
 */
package org.paceline.executor.internal;
