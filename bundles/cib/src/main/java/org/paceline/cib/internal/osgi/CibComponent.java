package org.paceline.cib.internal.osgi;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.paceline.api.config.NodeConfiguration;
import org.paceline.api.quorum.QuorumService;
import org.paceline.api.ring.GroupChannel;
import org.paceline.cib.model.Cib;
import org.paceline.cib.replica.CibReplica;
import org.paceline.cib.replica.ModelChangeApplier;
import org.paceline.cib.replica.XmlCibCodec;
import org.paceline.cib.service.CibService;
import org.paceline.cib.store.CibStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads this node's CIB from {@code <state>/cib/cib.xml}, joins the ring's "cib" group with a
 * {@link CibReplica}, stores every applied change, and registers the {@link CibService}.
 */
@Component(
    service = {},
    immediate = true)
public final class CibComponent {

  private static final Logger LOG = LoggerFactory.getLogger(CibComponent.class);

  /** The ring group the replicas talk in. */
  public static final String GROUP = "cib";

  private final CibStore store;
  private final CibReplica replica;
  private final ServiceRegistration<CibService> registration;

  @Activate
  public CibComponent(
      @Reference NodeConfiguration config,
      @Reference GroupChannel channel,
      @Reference QuorumService quorum,
      BundleContext context)
      throws IOException {
    String node = config.node().name();
    XmlCibCodec codec = new XmlCibCodec();
    Path dir = config.node().stateDir().resolve("cib");
    store = new CibStore(dir, codec, node);
    Cib initial;
    try {
      initial = store.load().orElse(Cib.EMPTY);
    } catch (IOException e) {
      LOG.error(
          "{}: {}; starting with an empty CIB, the cluster's copy will replace it",
          node,
          e.getMessage());
      initial = Cib.EMPTY;
    }
    LOG.info("{}: CIB {} loaded from {}", node, initial.versions(), store.file());
    replica =
        new CibReplica(
            node,
            initial,
            codec,
            new ModelChangeApplier(),
            () -> quorum.current().quorate(),
            store::save);
    replica.connect(channel, GROUP);
    registration = context.registerService(CibService.class, replica, null);
  }

  @Deactivate
  void stop() {
    try {
      registration.unregister();
    } catch (IllegalStateException e) {
      // already gone with the bundle
    }
    replica.close();
    store.close();
  }
}
