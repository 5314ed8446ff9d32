package org.paceline.cib.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.cib.model.Cib;

/**
 * Bad documents fail with a clear error, with line and column where the problem has a place, and
 * neither fetch anything nor change anything.
 */
@Timeout(30)
class CibXmlBadInputTest {

  private static final String EMPTY_SECTIONS = "<crm_config/><nodes/><resources/><constraints/>";

  private static CibXmlException failure(String xml) {
    return failure(xml, XmlLimits.DEFAULT);
  }

  private static CibXmlException failure(String xml, XmlLimits limits) {
    InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> CibXml.read(in, limits));
    assertThat(t).isInstanceOf(CibXmlException.class);
    return (CibXmlException) t;
  }

  @Test
  void malformedXmlNamesLineAndColumn() {
    CibXmlException e =
        failure("<cib>\n  <configuration>\n    <nodes>\n  </configuration>\n</cib>");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage()).startsWith("line 4, column").contains("malformed XML", "nodes");
  }

  @Test
  void emptyAndNonXmlInputFail() {
    assertThat(failure("").getMessage()).contains("malformed XML");
    assertThat(failure("cib epoch=1").getMessage()).contains("malformed XML");
    assertThat(failure("<cib><configuration/></cib><cib/>").getMessage()).contains("malformed XML");
    assertThat(failure("<configuration/>").getMessage())
        .contains("root element is <configuration>, expected <cib>");
  }

  @Test
  void externalGeneralEntityIsRefusedAndNotRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n<cib><configuration><crm_config><cluster_property_set id=\"o\">"
            + "<nvpair id=\"n\" name=\"x\" value=\"&xxe;\"/></cluster_property_set></crm_config>"
            + EMPTY_SECTIONS.substring("<crm_config/>".length())
            + "</configuration></cib>";
    CibXmlException e = failure(xml);
    assertThat(e.getMessage()).contains("DOCTYPE is not allowed").doesNotContain("TOP-SECRET");
    assertThat(e.line()).isEqualTo(2);
  }

  @Test
  void externalParameterEntityIsNeverFetched() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/evil.dtd";
      String xml =
          "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY % pe SYSTEM \""
              + url
              + "\"> %pe;]>\n<cib><configuration/></cib>";
      assertThat(failure(xml).getMessage()).contains("DOCTYPE is not allowed");
      // A fetch would have connected while the document was read, before the error.
      server.setSoTimeout(200);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void billionLaughsIsRefusedBeforeAnyExpansion() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE cib [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]>");
    String xml = "<?xml version=\"1.0\"?>\n" + dtd + "\n<cib x=\"&lol10;\"><configuration/></cib>";
    assertThat(failure(xml).getMessage()).contains("DOCTYPE is not allowed");
  }

  @Test
  void undeclaredEntityReferenceFails() {
    CibXmlException e = failure("<cib>\n<configuration a=\"&ent;\"/></cib>");
    assertThat(e.getMessage()).contains("\"ent\"");
    assertThat(e.line()).isEqualTo(2);
  }

  @Test
  void oversizedInputFailsAtTheConfiguredLimit() {
    String xml = Samples.cib(EMPTY_SECTIONS + "<!--" + "x".repeat(10_000) + "-->");
    CibXmlException e = failure(xml, XmlLimits.DEFAULT.withMaxBytes(4096));
    assertThat(e.getMessage()).contains("larger than the limit of 4096 bytes");
    assertThat(e.line()).isEqualTo(-1);
    // The same document within a larger limit is fine.
    assertThat(failureOrNull(xml, XmlLimits.DEFAULT.withMaxBytes(20_000))).isNull();
  }

  private static CibXmlException failureOrNull(String xml, XmlLimits limits) {
    try {
      CibXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), limits);
      return null;
    } catch (CibXmlException e) {
      return e;
    }
  }

  @Test
  void deepNestingFailsAtTheConfiguredLimit() {
    String rules =
        "<rule id=\"r0\" score=\"1\">".repeat(1)
            + "<rule id=\"rx\">".repeat(20)
            + "<expression id=\"e\" attribute=\"a\" operation=\"defined\"/>"
            + "</rule>".repeat(21);
    String xml =
        Samples.cib(
            "<crm_config/><nodes/><resources/><constraints><rsc_location id=\"l\" rsc=\"x\">"
                + rules
                + "</rsc_location></constraints>");
    CibXmlException e = failure(xml, new XmlLimits(1 << 20, 16));
    assertThat(e.getMessage()).contains("nested deeper than the limit of 16");
  }

  @Test
  void unknownElementsAndAttributesAreErrorsNotDrops() {
    CibXmlException attribute =
        failure(
            Samples.cib(
                "<crm_config/><nodes/>\n<resources>\n  <primitive id=\"p\" class=\"ocf\""
                    + " provider=\"heartbeat\" type=\"Dummy\" description=\"x\"/>\n</resources>"
                    + "<constraints/>"));
    assertThat(attribute.getMessage())
        .contains("<primitive>: attribute 'description' is not supported");
    assertThat(attribute.line()).isEqualTo(5);

    CibXmlException element = failure(Samples.cib(EMPTY_SECTIONS + "\n<acls/>"));
    assertThat(element.getMessage()).contains("<acls>: is not supported");
    assertThat(element.line()).isEqualTo(4);

    CibXmlException colocation =
        failure(
            Samples.cib(
                "<crm_config/><nodes/><resources/><constraints><rsc_colocation id=\"c\" rsc=\"a\""
                    + " with-rsc=\"b\" score=\"1\" node-attribute=\"site\"/></constraints>"));
    assertThat(colocation.getMessage()).contains("attribute 'node-attribute' is not supported");

    CibXmlException ruleInParams =
        failure(
            Samples.cib(
                "<crm_config/><nodes/><resources><primitive id=\"p\" class=\"ocf\""
                    + " provider=\"heartbeat\" type=\"Dummy\"><instance_attributes id=\"i\">"
                    + "<rule id=\"r\" score=\"0\"><expression id=\"e\" attribute=\"#uname\""
                    + " operation=\"eq\" value=\"a\"/></rule></instance_attributes></primitive>"
                    + "</resources><constraints/>"));
    assertThat(ruleInParams.getMessage()).contains("<rule>: rules in <instance_attributes>");
  }

  @Test
  void bundlesAreRefusedWithTheirLine() {
    CibXmlException e =
        failure(
            Samples.cib(
                "<crm_config/><nodes/>\n<resources>\n<bundle id=\"b\"><docker image=\"x\"/>"
                    + "</bundle></resources><constraints/>"));
    assertThat(e.getMessage())
        .contains("<bundle>: bundles (container resources) are not supported");
    assertThat(e.line()).isEqualTo(5);
  }

  @Test
  void textContentIsAnError() {
    CibXmlException e = failure("<cib>\n<configuration/>hello</cib>");
    assertThat(e.getMessage()).contains("unexpected text 'hello' in <cib>");
    assertThat(e.line()).isEqualTo(2);
  }

  @Test
  void modelChecksCarryTheElementsPlace() {
    CibXmlException score =
        failure(
            Samples.cib(
                "<crm_config/><nodes/><resources/><constraints>\n"
                    + "<rsc_location id=\"l\" rsc=\"a\" node=\"n\" score=\"lots\"/></constraints>"));
    assertThat(score.getMessage()).contains("<rsc_location>: bad score 'lots'");
    assertThat(score.line()).isEqualTo(4);

    CibXmlException duplicate =
        failure(
            Samples.cib(
                "<crm_config/><nodes/>\n<resources><primitive id=\"p\" class=\"ocf\""
                    + " provider=\"heartbeat\" type=\"Dummy\"/><primitive id=\"p\" class=\"ocf\""
                    + " provider=\"heartbeat\" type=\"Dummy\"/></resources><constraints/>"));
    assertThat(duplicate.getMessage()).contains("duplicate resource id 'p'");

    CibXmlException op =
        failure(
            Samples.cib(
                "<crm_config/><nodes/><resources><primitive id=\"p\" class=\"ocf\""
                    + " provider=\"heartbeat\" type=\"Dummy\"><operations>\n<op id=\"o\""
                    + " name=\"monitor\" interval=\"soon\"/></operations></primitive>"
                    + "</resources><constraints/>"));
    assertThat(op.getMessage()).contains("<op>: interval 'soon' is not a time");
    assertThat(op.line()).isEqualTo(4);

    CibXmlException history =
        failure(
            "<cib><configuration>"
                + EMPTY_SECTIONS
                + "</configuration><status>\n<node_state id=\"1\" uname=\"a\"><lrm id=\"1\">"
                + "<lrm_resources><lrm_resource id=\"r\" class=\"ocf\" provider=\"p\" type=\"t\">"
                + "\n<lrm_rsc_op id=\"r_last_0\" operation=\"start\" call-id=\"x\" rc-code=\"0\""
                + " op-status=\"0\" interval=\"0\"/></lrm_resource></lrm_resources></lrm>"
                + "</node_state></status></cib>");
    assertThat(history.getMessage())
        .contains("<lrm_rsc_op>: attribute 'call-id': 'x' is not an integer");
    assertThat(history.line()).isEqualTo(3);
  }

  @Test
  void aFailedReadChangesNothing(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.xml");
    Files.writeString(good, Samples.FULL);
    Path bad = dir.resolve("bad.xml");
    Files.writeString(bad, Samples.FULL.replace("</cib>", ""));
    Cib before = CibXml.read(good, XmlLimits.DEFAULT);
    assertThatThrownBy(() -> CibXml.read(bad, XmlLimits.DEFAULT))
        .isInstanceOf(CibXmlException.class)
        .hasMessageStartingWith(bad + ": line ");
    assertThat(Files.readString(bad)).isEqualTo(Samples.FULL.replace("</cib>", ""));
    assertThat(CibXml.read(good, XmlLimits.DEFAULT)).isEqualTo(before);
  }
}
