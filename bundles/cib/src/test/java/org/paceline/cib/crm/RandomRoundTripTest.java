package org.paceline.cib.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.paceline.cib.model.Configuration;

/** Random valid configurations survive printing and parsing, and print the same way twice. */
class RandomRoundTripTest {

  @Test
  void printThenParseIsTheIdentity() {
    long seed = Long.getLong("crm.random.seed", 20261125L);
    int count = Integer.getInteger("crm.random.count", 500);
    RandomConfigurations gen = new RandomConfigurations(seed);
    for (int i = 0; i < count; i++) {
      Configuration c = gen.next();
      String printed = CrmPrinter.print(c);
      Configuration parsed;
      try {
        parsed = CrmParser.parse(printed);
      } catch (CrmSyntaxException e) {
        throw new AssertionError("configuration " + i + " failed to parse:\n" + printed, e);
      }
      assertThat(parsed)
          .as(
              "configuration %d differs in %s; printed:\n%s",
              i, firstDifference(c, parsed), printed)
          .isEqualTo(c);
      assertThat(CrmPrinter.print(parsed)).isEqualTo(printed);
    }
  }

  /** The first part in which two configurations differ, and the two values. */
  static String firstDifference(Configuration a, Configuration b) {
    Object[][] parts = {
      {"properties", a.properties(), b.properties()},
      {"nodes", a.nodes(), b.nodes()},
      {"resources", a.resources(), b.resources()},
      {"constraints", a.constraints(), b.constraints()},
      {"rsc_defaults", a.rscDefaults(), b.rscDefaults()},
      {"op_defaults", a.opDefaults(), b.opDefaults()},
      {"templates", a.templates(), b.templates()},
      {"tags", a.tags(), b.tags()},
      {"fencing topology", a.fencingTopology(), b.fencingTopology()},
      {"conditional sets", a.conditionalSets(), b.conditionalSets()}
    };
    for (Object[] p : parts) {
      if (!p[1].equals(p[2])) {
        if (p[1] instanceof List<?> x && p[2] instanceof List<?> y && x.size() == y.size()) {
          for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).equals(y.get(i))) {
              return p[0] + "[" + i + "]: " + x.get(i) + " != " + y.get(i);
            }
          }
        }
        return p[0] + ": " + p[1] + " != " + p[2];
      }
    }
    return "nothing";
  }
}
