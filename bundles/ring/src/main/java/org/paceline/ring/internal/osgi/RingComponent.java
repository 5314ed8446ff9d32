package org.paceline.ring.internal.osgi;

import java.io.IOException;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.ring.GroupChannel;
import org.paceline.api.ring.RingControl;
import org.paceline.ring.group.GroupMessaging;
import org.paceline.ring.internal.RingNode;
import org.paceline.ring.layer.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the node's ring from its configuration and registers the {@link GroupChannel} (for the
 * other bundles) and {@link RingControl} (for status and fault injection) services.
 */
@Component(
    service = {},
    immediate = true)
public final class RingComponent {

  private static final Logger LOG = LoggerFactory.getLogger(RingComponent.class);

  private final RingNode ring;
  private final GroupMessaging groups;
  private final List<ServiceRegistration<?>> registrations;

  @Activate
  public RingComponent(@Reference NodeConfiguration config, BundleContext context)
      throws IOException {
    Counters counters = new Counters();
    groups = new GroupMessaging(counters);
    try {
      ring = new RingNode(config, groups, counters);
    } catch (IOException e) {
      LOG.error("node {}: the ring cannot start: {}", config.node().name(), e.getMessage());
      throw e;
    }
    groups.attach(ring.engine());
    ring.start();
    registrations =
        List.of(
            context.registerService(GroupChannel.class, groups, null),
            context.registerService(RingControl.class, ring, null));
  }

  @Deactivate
  void stop() {
    for (ServiceRegistration<?> r : registrations) {
      try {
        r.unregister();
      } catch (IllegalStateException e) {
        // already gone with the bundle
      }
    }
    groups.close();
    ring.close();
  }
}
