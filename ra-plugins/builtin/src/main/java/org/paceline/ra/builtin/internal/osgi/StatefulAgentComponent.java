package org.paceline.ra.builtin.internal.osgi;

import org.osgi.service.component.annotations.Component;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.builtin.internal.StatefulAgent;

/** Registers {@link StatefulAgent} as an agent service. */
@Component(service = ResourceAgent.class, property = "paceline.agent=ocf:paceline:Stateful")
public final class StatefulAgentComponent extends StatefulAgent {}
