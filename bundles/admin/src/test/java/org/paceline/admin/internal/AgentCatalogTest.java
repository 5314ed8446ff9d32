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
        AgentCatalog.Source.fixed(
            new AgentMetadata(id, "1.0", "", "", List.of(), List.of()), List.of()),
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

  @Test
  void removeReturnsTheRemovedEntry() {
    AgentCatalog.Entry a = entry(AgentCatalog.Kind.RESOURCE, "ocf:paceline:Dummy", 10);
    catalog.add(a);

    assertEquals(Optional.of(a), catalog.remove(10));
    assertEquals(Optional.empty(), catalog.remove(10));
  }

  @Test
  void classesSortedByNameThenRegistration() {
    AgentCatalog.ClassEntry systemd = classEntry("systemd", 3);
    AgentCatalog.ClassEntry ocf = classEntry("ocf", 9);
    AgentCatalog.ClassEntry lsb = classEntry("lsb", 5);
    catalog.addClass(systemd);
    catalog.addClass(ocf);
    catalog.addClass(lsb);

    assertEquals(List.of(lsb, ocf, systemd), catalog.classes());

    catalog.removeClass(9);

    assertEquals(List.of(lsb, systemd), catalog.classes());
  }

  @Test
  void sourceOfAResourceAgentAsksTheAgentEachTime() {
    int[] calls = {0};
    org.paceline.api.ra.ResourceAgent agent =
        new org.paceline.api.ra.ResourceAgent() {
          @Override
          public org.paceline.api.ra.AgentId id() {
            return org.paceline.api.ra.AgentId.ocf("t", "T");
          }

          @Override
          public AgentMetadata metadata() {
            calls[0]++;
            return new AgentMetadata("T", "1." + calls[0], "", "", List.of(), List.of());
          }

          @Override
          public org.paceline.api.ra.OperationResult execute(
              org.paceline.api.ra.OperationRequest request,
              org.paceline.api.ra.OperationContext context) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<String> warnings() {
            return List.of("w" + calls[0]);
          }
        };
    AgentCatalog.Source source = AgentCatalog.Source.of(agent);

    assertEquals(0, calls[0], "nothing is asked before it is needed");
    assertEquals("1.1", source.metadata().version());
    assertEquals(List.of("w1"), source.warnings());
    assertEquals("1.2", source.metadata().version());
  }

  static AgentCatalog.ClassEntry classEntry(String standard, long serviceId) {
    return classEntry(standard, serviceId, Optional.empty());
  }

  static AgentCatalog.ClassEntry classEntry(
      String standard, long serviceId, Optional<String> unavailable) {
    return new AgentCatalog.ClassEntry(
        standard,
        new org.paceline.api.ra.AgentClass() {
          @Override
          public String standard() {
            return standard;
          }

          @Override
          public Optional<String> unavailableReason() {
            return unavailable;
          }
        },
        "org.paceline.ra." + standard,
        serviceId);
  }
}
