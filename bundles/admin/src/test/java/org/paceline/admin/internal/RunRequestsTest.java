package org.paceline.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OperationRequest;

class RunRequestsTest {

  @Test
  void theSmallestRequestGetsTheDefaults() throws Exception {
    OperationRequest r = RunRequests.parse("{\"action\": \"start\", \"resource\": \"web\"}");

    assertThat(r)
        .isEqualTo(
            new OperationRequest(
                "web", AgentAction.START, Map.of(), Map.of(), Duration.ofSeconds(20), null));
  }

  @Test
  void everyField() throws Exception {
    OperationRequest r =
        RunRequests.parse(
            """
            {"action": "monitor", "resource": "db:1",
             "params": {"ip": "10.0.0.5", "port": 5432, "debug": true, "cidr_netmask": "24"},
             "meta": {"clone-max": 2, "notify": "true"},
             "timeout": "90s", "interval": "10s"}
            """);

    assertThat(r.action()).isEqualTo(AgentAction.MONITOR);
    assertThat(r.resourceId()).isEqualTo("db:1");
    assertThat(r.parameters())
        .isEqualTo(Map.of("ip", "10.0.0.5", "port", "5432", "debug", "true", "cidr_netmask", "24"));
    assertThat(r.meta()).isEqualTo(Map.of("clone-max", "2", "notify", "true"));
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(r.interval()).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1500 | PT1.5S",
        "'\"1500ms\"' | PT1.5S",
        "'\"30\"' | PT30S",
        "'\"2m\"' | PT2M",
        "'\"1h\"' | PT1H",
        "'\"5 sec\"' | PT5S"
      })
  void timeouts(String json, String expected) throws Exception {
    OperationRequest r =
        RunRequests.parse("{\"action\":\"stop\",\"resource\":\"r\",\"timeout\":" + json + "}");

    assertThat(r.timeout()).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | action: required (e.g. start, stop, monitor)",
        "not json | request body is not JSON: ",
        "[] | request body must be a JSON object",
        "'\"start\"' | request body must be a JSON object",
        "{\"action\":\"begin\",\"resource\":\"r\"} | action: unknown action \"begin\" (known: start,"
            + " stop, monitor, promote, demote, notify, reload, reload-agent, migrate_to,"
            + " migrate_from, meta-data, validate-all)",
        "{\"action\":5,\"resource\":\"r\"} | action: unknown action 5 (known: ",
        "{\"action\":\"start\"} | resource: required, the resource id the agent runs for",
        "{\"action\":\"start\",\"resource\":\" \"} | resource: required",
        "{\"action\":\"start\",\"resource\":\"a b\"} | resource: \"a b\" is not a resource id",
        "{\"action\":\"start\",\"resource\":\"../x\"} | resource: \"../x\" is not a resource id",
        "{\"action\":\"start\",\"resource\":7} | resource: 7 is not a resource id",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":\"soon\"} | timeout: 'soon' is not a"
            + " duration (e.g. 500ms, 20s, 2m; a plain number is seconds)",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":0} | timeout: must be more than zero",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":-5} | timeout: must not be negative",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":\"2h\"} | timeout: 7200 s is more"
            + " than one hour",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":true} | timeout: true is not a"
            + " duration",
        "{\"action\":\"start\",\"resource\":\"r\",\"timeout\":1.5} | timeout: 1.5 is not a"
            + " duration",
        "{\"action\":\"start\",\"resource\":\"r\",\"interval\":\"10s\"} | interval: only monitor"
            + " has an interval (got start)",
        "{\"action\":\"monitor\",\"resource\":\"r\",\"interval\":\"often\"} | interval: 'often' is"
            + " not a duration",
        "{\"action\":\"start\",\"resource\":\"r\",\"params\":[]} | params: must be an object of"
            + " name: value pairs",
        "{\"action\":\"start\",\"resource\":\"r\",\"params\":{\"a\":{\"b\":1}}} | params.a: must"
            + " be a string, number or boolean, got {\"b\":1}",
        "{\"action\":\"start\",\"resource\":\"r\",\"meta\":{\"x\":null}} | meta.x: must be a"
            + " string, number or boolean, got null",
        "{\"action\":\"start\",\"resource\":\"r\",\"params\":{\"1x\":\"v\"}} | params.1x: not a"
            + " valid name",
        "{\"action\":\"start\",\"resource\":\"r\",\"params\":{\"a=b\":\"v\"}} | params.a=b: not a"
            + " valid name",
        "{\"action\":\"start\",\"resource\":\"r\",\"extra\":1} | unknown field 'extra' (known:"
            + " action, resource, params, meta, timeout, interval)"
      })
  void badBodiesNameTheField(String body, String message) {
    assertThatThrownBy(() -> RunRequests.parse(body))
        .isInstanceOf(BadRequest.class)
        .hasMessageStartingWith(message);
  }
}
