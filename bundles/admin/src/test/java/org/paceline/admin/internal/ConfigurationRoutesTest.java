package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.paceline.cib.model.Cib;
import org.paceline.cib.replica.ModelChangeApplier;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibChangeException;
import org.paceline.cib.service.CibListener;
import org.paceline.cib.service.CibService;
import org.paceline.cib.service.ReplicaStatus;

class ConfigurationRoutesTest {

  /**
   * A one-node CIB: applies every change at once with the real change rules, and refuses
   * configuration changes while {@code quorate} is false unless forced, as the replica does.
   */
  static final class LocalCib implements CibService {
    volatile Cib cib = Cib.EMPTY;
    volatile boolean quorate = true;
    final List<CibChange> applied = new CopyOnWriteArrayList<>();
    private final ModelChangeApplier applier = new ModelChangeApplier();

    @Override
    public Cib current() {
      return cib;
    }

    @Override
    public ReplicaStatus status() {
      return new ReplicaStatus(true, cib.versions(), "00", List.of(1));
    }

    @Override
    public synchronized CompletableFuture<Cib> propose(CibChange change, boolean force) {
      if (change.editsConfiguration() && !quorate && !force) {
        return CompletableFuture.failedFuture(
            new CibChangeException("this partition has no quorum"));
      }
      try {
        Cib next = applier.apply(cib, change);
        if (next != cib) {
          cib =
              new Cib(
                  next.configuration(),
                  next.status(),
                  change.editsConfiguration()
                      ? cib.versions().nextEpoch()
                      : cib.versions().nextUpdate());
          applied.add(change);
        }
        return CompletableFuture.completedFuture(cib);
      } catch (CibChangeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public Cib preview(CibChange change) throws CibChangeException {
      return applier.apply(cib, change);
    }

    @Override
    public AutoCloseable addListener(CibListener listener) {
      return () -> {};
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final LocalCib cib = new LocalCib();
  private final ConfigurationRoutes routes =
      new ConfigurationRoutes(new AgentCatalog(), () -> Optional.of(cib));

  private String body(Object... kv) {
    ObjectNode o = json.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof Boolean b) {
        o.put((String) kv[i], b);
      } else if (v instanceof List<?> l) {
        var array = o.putArray((String) kv[i]);
        l.forEach(x -> array.add(x.toString()));
      } else {
        o.put((String) kv[i], v.toString());
      }
    }
    return o.toString();
  }

  private static final String WEB =
      "primitive vip ocf:heartbeat:IPaddr2 params ip=192.0.2.10 cidr_netmask=24\n"
          + "primitive web ocf:heartbeat:apache params configfile=/etc/apache2/apache2.conf\n"
          + "group websvc vip web\n"
          + "property stonith-enabled=false\n";

  @Test
  void loadShowAndVerify() {
    AdminApi.Response r = routes.load(body("crm", WEB));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().path("versions").asText()).isEqualTo("0.1.0");
    String shown = routes.show("crm").body().path("text").asText();
    assertThat(shown).contains("group websvc vip web");
    assertThat(routes.show("xml").body().path("text").asText()).contains("<group id=\"websvc\">");
    AdminApi.Response v = routes.verify();
    assertThat(v.body().path("errors").asInt()).isZero();
    // the agents are unknown on this node: warnings, not errors
    assertThat(v.body().path("warnings").asInt()).isPositive();
  }

  @Test
  void statementsFromShellWordsIncludingNegativeScores() {
    routes.load(body("crm", WEB));
    AdminApi.Response r =
        routes.statement(body("words", List.of("location", "ban", "websvc", "-inf:", "n3")));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().constraint("ban")).isPresent();
    AdminApi.Response dup =
        routes.statement(body("words", List.of("location", "ban", "websvc", "-inf:", "n3")));
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.body().path("error").asText()).contains("ban");
  }

  @Test
  void syntaxErrorsNameLineAndColumnAndChangeNothing() {
    routes.load(body("crm", WEB));
    int before = cib.applied.size();
    AdminApi.Response r = routes.load(body("crm", "primitive a Dummy\nlocation l a foo: n1\n"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("error").asText()).contains("line 2").contains("column");
    assertThat(cib.applied).hasSize(before);
  }

  @Test
  void aChangeThatAddsVerifyErrorsIsRefusedUnlessForced() {
    routes.load(body("crm", WEB));
    AdminApi.Response r =
        routes.statement(
            body("crm", "primitive bad Dummy op monitor interval=10s op monitor interval=10s"));
    assertThat(r.status()).isIn(400);
    assertThat(cib.cib.configuration().resource("bad")).isEmpty();
  }

  @Test
  void deleteOfAReferencedResourceNeedsForce() {
    routes.load(body("crm", WEB + "location ban websvc -inf: n3\n"));
    AdminApi.Response refused = routes.delete(body("ids", List.of("websvc")));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("error").asText()).contains("ban");
    AdminApi.Response forced = routes.delete(body("ids", List.of("websvc"), "force", true));
    assertThat(forced.status()).isEqualTo(200);
    assertThat(cib.cib.configuration().constraint("ban")).isEmpty();
  }

  @Test
  void importXmlRefusesEntitiesAndMalformedXml() {
    AdminApi.Response xxe =
        routes.importXml(
            body(
                "xml",
                "<?xml version=\"1.0\"?><!DOCTYPE cib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<cib><configuration><crm_config/><nodes/><resources>&x;</resources>"
                    + "<constraints/></configuration><status/></cib>"));
    assertThat(xxe.status()).isEqualTo(400);
    assertThat(xxe.body().path("error").asText()).doesNotContain("root:");
    AdminApi.Response broken = routes.importXml(body("xml", "<cib><configuration>"));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body().path("error").asText()).contains("line");
    assertThat(cib.applied).isEmpty();
  }

  @Test
  void importXmlTakesAWholeCibOrItsConfigurationElement() {
    routes.load(body("crm", WEB));
    String whole = routes.show("xml").body().path("text").asText();
    cib.cib = org.paceline.cib.model.Cib.EMPTY;
    AdminApi.Response r = routes.importXml(body("xml", whole));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().resource("websvc")).isPresent();
    int start = whole.indexOf("<configuration");
    int end = whole.indexOf("</configuration>") + "</configuration>".length();
    cib.cib = org.paceline.cib.model.Cib.EMPTY;
    AdminApi.Response part = routes.importXml(body("xml", whole.substring(start, end)));
    assertThat(part.status()).as(part.body().toString()).isEqualTo(200);
    assertThat(cib.cib.configuration().resource("websvc")).isPresent();
  }

  @Test
  void withoutQuorumConfigurationChangesAreRefusedUnlessForced() {
    cib.quorate = false;
    AdminApi.Response refused = routes.load(body("crm", WEB));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().path("error").asText()).contains("quorum");
    AdminApi.Response forced = routes.load(body("crm", WEB, "force", true));
    assertThat(forced.status()).isEqualTo(200);
  }

  @Test
  void badBodiesAndAMissingCibAreClearErrors() {
    assertThat(routes.load("").status()).isEqualTo(400);
    assertThat(routes.load("[1]").status()).isEqualTo(400);
    assertThat(routes.load("{\"crm\": 3}").body().path("error").asText()).contains("'crm'");
    assertThat(routes.delete("{}").body().path("error").asText()).contains("ids");
    ConfigurationRoutes none = new ConfigurationRoutes(new AgentCatalog(), Optional::empty);
    assertThat(none.show("crm").status()).isEqualTo(503);
    assertThat(none.load(body("crm", WEB)).status()).isEqualTo(503);
  }

  @Test
  void verifyNamesAgentsThatNoNodeOrOnlySomeNodesReport() {
    ConfigurationRoutes clustered =
        new ConfigurationRoutes(
            new AgentCatalog(),
            () -> Optional.of(cib),
            () ->
                java.util.Map.of(
                    "n1", java.util.Set.of("ocf:heartbeat:IPaddr2", "ocf:heartbeat:apache"),
                    "n2", java.util.Set.of("ocf:heartbeat:IPaddr2", "ocf:heartbeat:apache"),
                    "n3", java.util.Set.of("ocf:heartbeat:IPaddr2")));
    clustered.load(body("crm", WEB + "primitive ghost ocf:heartbeat:Nope\n"));
    String findings = clustered.verify().body().path("findings").toString();
    assertThat(findings).contains("ocf:heartbeat:apache is not installed on n3");
    assertThat(findings).contains("ocf:heartbeat:Nope");
    assertThat(findings).doesNotContain("ocf:heartbeat:IPaddr2 is not installed");
  }

  @Test
  void nodeStandbyAndMaintenanceAreNodeAttributes() {
    java.util.Set<String> nodes = java.util.Set.of("n1", "n2");
    assertThat(routes.nodeState("n2", nodes, body("state", "standby")).status()).isEqualTo(200);
    assertThat(cib.cib.configuration().node("n2").orElseThrow().attributes())
        .containsEntry("standby", "on");
    assertThat(routes.nodeState("n2", nodes, body("state", "maintenance")).status()).isEqualTo(200);
    assertThat(routes.nodeState("n2", nodes, body("state", "online")).status()).isEqualTo(200);
    assertThat(routes.nodeState("n2", nodes, body("state", "ready")).status()).isEqualTo(200);
    assertThat(cib.cib.configuration().node("n2").orElseThrow().attributes()).isEmpty();
    AdminApi.Response unknown = routes.nodeState("n9", nodes, body("state", "standby"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("error").asText()).contains("n9").contains("n1, n2");
    AdminApi.Response bad = routes.nodeState("n1", nodes, body("state", "sleepy"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").asText()).contains("sleepy");
  }

  @Test
  void anUnchangedConfigurationIsNotAChange() {
    routes.load(body("crm", WEB));
    AdminApi.Response again = routes.load(body("crm", WEB));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("changed").asBoolean()).isFalse();
  }
}
