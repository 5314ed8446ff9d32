package org.paceline.ra.builtin.internal.osgi;

import org.osgi.service.component.annotations.Component;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.builtin.internal.DummyAgent;

/** Registers {@link DummyAgent} as an agent service. */
@Component(service = ResourceAgent.class, property = "paceline.agent=ocf:paceline:Dummy")
public final class DummyAgentComponent extends DummyAgent {}
