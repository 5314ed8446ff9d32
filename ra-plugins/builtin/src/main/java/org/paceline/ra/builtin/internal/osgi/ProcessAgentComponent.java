package org.paceline.ra.builtin.internal.osgi;

import org.osgi.service.component.annotations.Component;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.builtin.internal.process.ProcessAgent;

/**
 * Registers {@link ProcessAgent} as an agent service. Deliberately no deactivate method: processes
 * the agent started keep running when this bundle stops or is updated.
 */
@Component(service = ResourceAgent.class, property = "paceline.agent=ocf:paceline:Process")
public final class ProcessAgentComponent extends ProcessAgent {}
