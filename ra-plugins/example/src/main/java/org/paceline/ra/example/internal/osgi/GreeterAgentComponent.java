package org.paceline.ra.example.internal.osgi;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.paceline.api.ra.ResourceAgent;
import org.paceline.ra.example.GreeterAgent;

/**
 * Registers {@link GreeterAgent} as a {@link ResourceAgent} service with the property {@code
 * paceline.agent=ocf:example:Greeter}, and gives it this bundle's version as the agent's version,
 * so a newer jar dropped into {@code deploy/} shows up as a newer agent.
 */
@Component(service = ResourceAgent.class, property = "paceline.agent=ocf:example:Greeter")
public final class GreeterAgentComponent extends GreeterAgent {

  /** Called by Declarative Services when the bundle starts. */
  @Activate
  public GreeterAgentComponent(BundleContext context) {
    super(context.getBundle().getVersion().toString());
  }
}
