package org.paceline.bench.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * The broker process of {@link LocalBroker#process}: starts a single-node KRaft cluster with the
 * {@code KEY=VALUE} broker settings of its arguments, prints {@value #READY}{@code host:port} on
 * standard output, and stops when its standard input ends.
 */
public final class BrokerMain {

  /** The line that tells the bootstrap servers. */
  static final String READY = "bootstrap.servers=";

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("BrokerMain: expected KEY=VALUE, not '" + a + "'");
        System.exit(64);
      }
      settings.put(a.substring(0, eq), a.substring(eq + 1));
    }
    KafkaClusterTestKit kit = LocalBroker.startKit(settings);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(READY + kit.bootstrapServers());
    InputStream in = System.in;
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // wait for the end of input
      }
    } catch (IOException e) {
      // the harness went away: stop as well
    }
    LocalBroker.closeKit(kit);
    System.exit(0);
  }
}
