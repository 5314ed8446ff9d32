package org.paceline.cib.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.paceline.api.ra.AgentId;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Primitive;
import org.paceline.cib.model.Resource;
import org.paceline.cib.model.Versions;
import org.paceline.cib.replica.XmlCibCodec;

/**
 * A child process for {@link CibStoreTest}: writes ever newer CIBs (epoch 1, 2, ...) to the store
 * in its directory as fast as it can, printing {@code written N} after each one is on disk, until
 * it is killed.
 */
public final class StoreWriterMain {

  private StoreWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int resources = Integer.parseInt(args[1]);
    try (CibStore store = new CibStore(dir, new XmlCibCodec(), "writer")) {
      for (long epoch = 1; ; epoch++) {
        store.save(cib(epoch, resources));
        if (!store.flush(Duration.ofSeconds(60))) {
          throw new IllegalStateException("flush timed out");
        }
        System.out.println("written " + epoch);
        System.out.flush();
      }
    }
  }

  /** A CIB whose epoch and content both say {@code epoch}. */
  static Cib cib(long epoch, int resources) {
    List<Resource> list = new ArrayList<>();
    for (int i = 0; i < resources; i++) {
      list.add(
          new Primitive(
              "r" + i,
              AgentId.ocf("heartbeat", "Dummy"),
              Map.of("state", "/run/r" + i + "-" + epoch),
              Map.of(),
              Map.of(),
              List.of()));
    }
    Configuration config =
        new Configuration(
            Map.of("epoch-marker", Long.toString(epoch)),
            List.of(),
            list,
            List.of(),
            Map.of(),
            Map.of());
    return new Cib(config, Cib.EMPTY.status(), new Versions(0, epoch, 0));
  }
}
