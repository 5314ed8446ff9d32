package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ClusterPageTest {

  private static String render(String root, String node) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      ClusterPage.render(out, root, node);
    }
    return s.toString();
  }

  @Test
  void theFrameNamesItsDataRootAndScript() {
    String html = render("/system/console/cluster", "n1");

    assertThat(html)
        .contains("data-root='/system/console/cluster'")
        .contains("<script src='/system/console/cluster/res/paceline-cluster/cluster.js'>")
        .contains("id='pl-nodes'")
        .contains("id='pl-resources'")
        .contains("id='pl-failed'")
        .contains("id='pl-constraints'")
        .contains("id='pl-events'")
        .contains("id='pl-confirm'")
        .doesNotContain("${");
  }

  @Test
  void valuesAreEncoded() {
    String html = render("/x'><script>alert(1)</script>", "<img src=x onerror=alert(1)>");

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img");
    assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
  }
}
