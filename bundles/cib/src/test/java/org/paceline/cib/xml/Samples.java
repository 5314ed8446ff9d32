package org.paceline.cib.xml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.paceline.cib.model.Cib;

/** Hand-written CIBs for the XML tests (Paceline's own, not Pacemaker's test data). */
final class Samples {

  private Samples() {}

  /**
   * A CIB in Pacemaker 2 spellings that uses every construct the import supports: stonith-enabled,
   * Master/Slave roles, {@code <master>}, templates, tags, fencing topology, resource sets, rules
   * with dates, rule-conditioned defaults, utilization, op params and a status section.
   */
  static final String FULL =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment before the root is fine -->
      <cib validate-with="pacemaker-2.10" admin_epoch="1" epoch="42" num_updates="7"
           crm_feature_set="3.1.0" have-quorum="1" dc-uuid="1" execution-date="1700000000">
        <configuration>
          <crm_config>
            <cluster_property_set id="cib-bootstrap-options">
              <nvpair id="o1" name="stonith-enabled" value="false"/>
              <nvpair id="o2" name="no-quorum-policy" value="freeze"/>
              <nvpair id="o3" name="cluster-recheck-interval" value="5min"/>
            </cluster_property_set>
            <cluster_property_set id="weekend-options" score="10">
              <rule id="weekend-rule">
                <date_expression id="weekend-expr" operation="date_spec">
                  <date_spec id="weekend-spec" weekdays="6-7"/>
                </date_expression>
              </rule>
              <nvpair id="o4" name="maintenance-mode" value="true"/>
            </cluster_property_set>
          </crm_config>
          <rsc_defaults>
            <meta_attributes id="business-hours" score="2">
              <rule id="bh-rule" boolean-op="and">
                <date_expression id="bh-date" operation="date_spec">
                  <date_spec id="bh-spec" hours="9-16" weekdays="1-5"/>
                </date_expression>
                <rsc_expression id="bh-rsc" class="ocf" provider="heartbeat"/>
              </rule>
              <nvpair id="d1" name="resource-stickiness" value="INFINITY"/>
            </meta_attributes>
            <meta_attributes id="rsc-options">
              <nvpair id="d2" name="resource-stickiness" value="100"/>
              <nvpair id="d3" name="migration-threshold" value="3"/>
            </meta_attributes>
          </rsc_defaults>
          <op_defaults>
            <meta_attributes id="monitor-defaults" score="1">
              <rule id="mon-rule">
                <op_expression id="mon-expr" name="monitor" interval="10s"/>
              </rule>
              <nvpair id="d4" name="timeout" value="40s"/>
            </meta_attributes>
            <meta_attributes id="op-options">
              <nvpair id="d5" name="timeout" value="20s"/>
            </meta_attributes>
          </op_defaults>
          <nodes>
            <node id="1" uname="alpha" type="normal">
              <instance_attributes id="alpha-ia">
                <nvpair id="a1" name="standby" value="off"/>
                <nvpair id="a2" name="site" value="east"/>
              </instance_attributes>
              <utilization id="alpha-u">
                <nvpair id="a3" name="cpu" value="8"/>
              </utilization>
            </node>
            <node id="2" uname="beta">
              <instance_attributes id="beta-ia">
                <nvpair id="b1" name="site" value="west"/>
              </instance_attributes>
            </node>
          </nodes>
          <resources>
            <primitive id="fence-a" class="stonith" type="fence_ipmilan">
              <instance_attributes id="fence-a-ia">
                <nvpair id="f1" name="ip" value="10.0.0.1"/>
              </instance_attributes>
            </primitive>
            <primitive id="fence-b" class="stonith" type="fence_ipmilan"/>
            <primitive id="vip" template="web-template">
              <instance_attributes id="vip-ia">
                <nvpair id="v1" name="ip" value="192.168.1.10"/>
              </instance_attributes>
              <operations>
                <op id="vip-mon" name="monitor" interval="30" timeout="60"/>
              </operations>
            </primitive>
            <template id="web-template" class="ocf" provider="heartbeat" type="IPaddr2">
              <instance_attributes id="tpl-ia">
                <nvpair id="t1" name="cidr_netmask" value="24"/>
                <nvpair id="t2" name="ip" value="0.0.0.0"/>
              </instance_attributes>
              <operations>
                <op id="tpl-mon" name="monitor" interval="10s" timeout="20s"/>
                <op id="tpl-start" name="start" interval="0" timeout="30s"/>
              </operations>
            </template>
            <group id="web">
              <instance_attributes id="web-ia">
                <nvpair id="w1" name="shared" value="yes"/>
              </instance_attributes>
              <meta_attributes id="web-meta">
                <nvpair id="w2" name="target-role" value="Started"/>
              </meta_attributes>
              <primitive id="fs" class="ocf" provider="heartbeat" type="Filesystem">
                <instance_attributes id="fs-ia">
                  <nvpair id="fs1" name="options" value="rw,noatime &amp; more"/>
                </instance_attributes>
                <utilization id="fs-u">
                  <nvpair id="fs2" name="cpu" value="1"/>
                </utilization>
                <operations>
                  <op id="fs-mon" name="monitor" interval="20s" timeout="40s" on-fail="restart"
                      start-delay="5s">
                    <instance_attributes id="fs-mon-ia">
                      <nvpair id="fs3" name="OCF_CHECK_LEVEL" value="20"/>
                    </instance_attributes>
                  </op>
                  <op id="fs-stop" name="stop" interval="0" timeout="60s" on-fail="fence"
                      enabled="true"/>
                </operations>
              </primitive>
              <primitive id="apache" class="lsb" type="apache2"/>
            </group>
            <master id="ms-db">
              <meta_attributes id="ms-db-meta">
                <nvpair id="m1" name="master-max" value="1"/>
                <nvpair id="m2" name="master-node-max" value="1"/>
                <nvpair id="m3" name="clone-max" value="2"/>
                <nvpair id="m4" name="notify" value="true"/>
                <nvpair id="m5" name="target-role" value="Master"/>
              </meta_attributes>
              <primitive id="db" class="ocf" provider="pacemaker" type="Stateful">
                <operations>
                  <op id="db-mon-m" name="monitor" interval="10s" role="Master" timeout="20s"/>
                  <op id="db-mon-s" name="monitor" interval="11s" role="Slave" timeout="20s"/>
                </operations>
              </primitive>
            </master>
            <clone id="ping-clone">
              <meta_attributes id="ping-clone-meta">
                <nvpair id="c1" name="interleave" value="true"/>
              </meta_attributes>
              <primitive id="ping" class="ocf" provider="pacemaker" type="ping">
                <instance_attributes id="ping-ia">
                  <nvpair id="p1" name="host_list" value="10.0.0.254"/>
                </instance_attributes>
              </primitive>
            </clone>
          </resources>
          <constraints>
            <rsc_location id="loc-web" rsc="web" node="alpha" score="100"/>
            <rsc_location id="loc-db-rule" rsc="ms-db" role="Master">
              <rule id="db-rule" score="-INFINITY" boolean-op="or">
                <expression id="db-e1" attribute="pingd" operation="not_defined"/>
                <expression id="db-e2" attribute="pingd" operation="lte" value="0"/>
                <rule id="db-inner">
                  <date_expression id="db-d1" operation="in_range" start="2024-01-01">
                    <duration id="db-dur" months="6"/>
                  </date_expression>
                </rule>
              </rule>
            </rsc_location>
            <rsc_location id="loc-pattern" rsc-pattern="^fence-" resource-discovery="never">
              <rule id="site-rule" score-attribute="weight">
                <expression id="site-e" attribute="site" operation="eq" value="east"/>
                <date_expression id="site-d" operation="lt" end="2030-01-01T00:00:00Z"/>
              </rule>
            </rsc_location>
            <rsc_location id="loc-set" node="beta" score="-50">
              <resource_set id="loc-set-1">
                <resource_ref id="fence-a"/>
                <resource_ref id="fence-b"/>
              </resource_set>
            </rsc_location>
            <rsc_colocation id="col-web-db" rsc="web" with-rsc="ms-db" with-rsc-role="Master"
                score="INFINITY"/>
            <rsc_colocation id="col-set" score="500">
              <resource_set id="col-set-1" sequential="false" role="Slave">
                <resource_ref id="db"/>
              </resource_set>
              <resource_set id="col-set-2">
                <resource_ref id="vip"/>
                <resource_ref id="web"/>
              </resource_set>
            </rsc_colocation>
            <rsc_order id="ord-db-web" first="ms-db" first-action="promote" then="web"
                then-action="start" kind="Optional"/>
            <rsc_order id="ord-self" first="ms-db" first-action="demote" then="ms-db"
                then-action="promote" symmetrical="false"/>
            <rsc_order id="ord-set" kind="Serialize">
              <resource_set id="ord-set-1" require-all="false" action="stop">
                <resource_ref id="vip"/>
                <resource_ref id="ping-clone"/>
              </resource_set>
            </rsc_order>
            <rsc_order id="ord-legacy" first="vip" then="ping-clone" score="0"/>
          </constraints>
          <fencing-topology>
            <fencing-level id="fl-1" index="1" target="alpha" devices="fence-a"/>
            <fencing-level id="fl-2" index="2" target="alpha" devices="fence-a,fence-b"/>
            <fencing-level id="fl-3" index="1" target-pattern="^b.*" devices="fence-b"/>
            <fencing-level id="fl-4" index="1" target-attribute="site" target-value="west"
                devices="fence-b"/>
          </fencing-topology>
          <tags>
            <tag id="frontend">
              <obj_ref id="vip"/>
              <obj_ref id="web"/>
            </tag>
          </tags>
        </configuration>
        <status>
          <node_state id="1" uname="alpha" in_ccm="true" crmd="online" join="member"
              expected="member" crm-debug-origin="do_update_resource" shutdown="0">
            <transient_attributes id="1">
              <instance_attributes id="status-1">
                <nvpair id="s1" name="master-db" value="10"/>
                <nvpair id="s2" name="fail-count-ping#monitor_10000" value="2"/>
                <nvpair id="s3" name="last-failure-ping#monitor_10000" value="1700000100"/>
              </instance_attributes>
            </transient_attributes>
            <lrm id="1">
              <lrm_resources>
                <lrm_resource id="db" class="ocf" provider="pacemaker" type="Stateful">
                  <lrm_rsc_op id="db_last_0" operation_key="db_promote_0" operation="promote"
                      crm-debug-origin="do_update_resource" crm_feature_set="3.1.0"
                      transition-key="5:1:0:6e9c1b3a" transition-magic="0:0;5:1:0:6e9c1b3a"
                      exit-reason="" on_node="alpha" call-id="12" rc-code="0" op-status="0"
                      interval="0" last-rc-change="1700000000" last-run="1700000000"
                      exec-time="120" queue-time="3" op-digest="abc123"/>
                  <lrm_rsc_op id="db_monitor_10000" operation_key="db_monitor_10000"
                      operation="monitor" call-id="13" rc-code="8" op-status="0"
                      interval="10000" last-rc-change="1700000001" exec-time="10"
                      queue-time="0" op-digest="def456"/>
                </lrm_resource>
                <lrm_resource id="ping:0" class="ocf" provider="pacemaker" type="ping">
                  <lrm_rsc_op id="ping_last_failure_0" operation_key="ping_monitor_10000"
                      operation="monitor" call-id="9" rc-code="1" op-status="4" interval="10000"
                      exit-reason="host unreachable" last-rc-change="1700000100"/>
                  <lrm_rsc_op id="ping_last_0" operation="start" call-id="10" rc-code="0"
                      op-status="0" interval="0"/>
                </lrm_resource>
                <lrm_resource id="fence-a" class="stonith" type="fence_ipmilan">
                  <lrm_rsc_op id="fence-a_last_0" operation="monitor" call-id="-1" rc-code="193"
                      op-status="-1" interval="0"/>
                </lrm_resource>
              </lrm_resources>
            </lrm>
          </node_state>
          <node_state id="2" uname="beta" in_ccm="1718744075" crmd="1718744075" join="member"
              expected="member"/>
          <node_state id="3" uname="gamma" in_ccm="false" crmd="offline" join="down"
              expected="member"/>
        </status>
      </cib>
      """;

  static Cib read(String xml) throws CibXmlException {
    return CibXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static Cib read(String xml, List<String> warnings) throws CibXmlException {
    return CibXml.read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        XmlLimits.DEFAULT,
        warnings::add);
  }

  /** A minimal CIB whose configuration section is {@code configuration}. */
  static String cib(String configuration) {
    return "<cib epoch=\"1\">\n<configuration>\n" + configuration + "\n</configuration>\n</cib>\n";
  }
}
