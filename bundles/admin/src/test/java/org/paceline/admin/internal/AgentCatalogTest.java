package org.paceline.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paceline.api.agent.AgentMetadata;

class AgentCatalogTest {

  private final AgentCatalog catalog = new AgentCatalog();

  static AgentCatalog.Entry entry(AgentCatalog.Kind kind, String id, long serviceId) {
    return new AgentCatalog.Entry(
        kind,
        id,
        new AgentMetadata(id, "1.0", "", "", List.of(), List.of()),
        "org.example",
        "1.0." + serviceId,
        serviceId);
  }

  @Test
  void startsEmpty() {
    assertTrue(catalog.list().isEmpty());
    assertEquals(Optional.empty(), catalog.find("ocf:paceline:Dummy"));
  }

  @Test
  void addThenFind() {
    AgentCatalog.Entry dummy = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 10);

    catalog.add(dummy);

    assertEquals(Optional.of(dummy), catalog.find("ocf:paceline:Dummy"));
    assertEquals(Optional.empty(), catalog.find("ocf:paceline:dummy"));
    assertEquals(List.of(dummy), catalog.list());
  }

  @Test
  void removeByServiceId() {
    AgentCatalog.Entry a = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 10);
    AgentCatalog.Entry b = entry(AgentCatalog.Kind.FENCE, "stonith:fence_dummy", 11);
    catalog.add(a);
    catalog.add(b);

    catalog.remove(10);

    assertEquals(List.of(b), catalog.list());
    assertEquals(Optional.empty(), catalog.find("ocf:paceline:Dummy"));
  }

  @Test
  void removingAnUnknownServiceIdChangesNothing() {
    AgentCatalog.Entry a = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 10);
    catalog.add(a);

    catalog.remove(99);

    assertEquals(List.of(a), catalog.list());
  }

  @Test
  void addingTheSameServiceIdAgainReplacesIt() {
    catalog.add(entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 10));
    AgentCatalog.Entry replacement = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Other", 10);

    catalog.add(replacement);

    assertEquals(List.of(replacement), catalog.list());
  }

  @Test
  void listsResourceAgentsFirstThenByIdThenNewestRegistrationFirst() {
    AgentCatalog.Entry fenceA = entry(AgentCatalog.Kind.FENCE, "stonith:fence_a", 1);
    AgentCatalog.Entry dummyOld = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 2);
    AgentCatalog.Entry ip = entry(AgentCatalog.Kind.RESOURCE, "ocf:heartbeat:IPaddr2", 3);
    AgentCatalog.Entry dummyNew = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 4);
    AgentCatalog.Entry lsb = entry(AgentCatalog.Kind.RESOURCE, "lsb:nginx", 5);
    for (AgentCatalog.Entry e : List.of(fenceA, dummyOld, ip, dummyNew, lsb)) {
      catalog.add(e);
    }

    assertEquals(List.of(lsb, ip, dummyNew, dummyOld, fenceA), catalog.list());
  }

  @Test
  void findGivesTheNewestOfTwoRegistrationsAndTheOlderOneAfterRemoval() {
    AgentCatalog.Entry older = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 7);
    AgentCatalog.Entry newer = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 8);
    catalog.add(newer);
    catalog.add(older);

    assertEquals(Optional.of(newer), catalog.find("ocf:paceline:Dummy"));

    catalog.remove(8);

    assertEquals(Optional.of(older), catalog.find("ocf:paceline:Dummy"));
  }
}
