package org.paceline.ra.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.api.ra.AgentAction;
import org.paceline.api.ra.OcfResultCode;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;

/** An agent is a plain class: test it without OSGi, with a temporary state directory. */
class GreeterAgentTest {

  @TempDir Path stateDir;

  private final GreeterAgent agent = new GreeterAgent("1.0.0");

  private OcfResultCode run(AgentAction action, Map<String, String> params) {
    return agent
        .execute(
            OperationRequest.of("hello", action, params, Duration.ofSeconds(10)),
            new OperationContext("n1", stateDir, Instant.now().plusSeconds(10)))
        .rc();
  }

  @Test
  void lifeCycle() throws Exception {
    assertEquals(OcfResultCode.NOT_RUNNING, run(AgentAction.MONITOR, Map.of()));
    assertEquals(OcfResultCode.OK, run(AgentAction.START, Map.of("greeting", "hi")));
    assertEquals("hi\n", Files.readString(stateDir.resolve("Greeter/hello.txt")));
    assertEquals(OcfResultCode.OK, run(AgentAction.MONITOR, Map.of()));
    assertEquals(OcfResultCode.OK, run(AgentAction.STOP, Map.of()));
    assertEquals(OcfResultCode.NOT_RUNNING, run(AgentAction.MONITOR, Map.of()));
    assertEquals(OcfResultCode.OK, run(AgentAction.STOP, Map.of()));
  }

  @Test
  void metadata() {
    assertEquals("ocf:example:Greeter", agent.id().toString());
    assertEquals("1.0.0", agent.metadata().version());
    assertEquals("hello", agent.metadata().parameter("greeting").orElseThrow().defaultValue());
    assertEquals(
        OcfResultCode.ERR_CONFIGURED, run(AgentAction.VALIDATE_ALL, Map.of("greeting", " ")));
    assertEquals(OcfResultCode.ERR_UNIMPLEMENTED, run(AgentAction.PROMOTE, Map.of()));
  }
}
