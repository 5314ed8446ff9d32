package org.paceline.bench.eventlog;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The request metrics of a broker in this JVM ({@code kafka.network:type=RequestMetrics}): how long
 * Produce, EndTxn and Fetch requests took in total and in each stage, to tell the broker's share of
 * a transaction. The histograms favour the last minutes (Yammer's decaying reservoir).
 */
final class BrokerMetrics {

  private static final List<String> REQUESTS = List.of("Produce", "EndTxn", "FetchConsumer");
  private static final List<String> STAGES =
      List.of(
          "TotalTimeMs",
          "RequestQueueTimeMs",
          "LocalTimeMs",
          "RemoteTimeMs",
          "ResponseQueueTimeMs",
          "ResponseSendTimeMs");

  private BrokerMetrics() {}

  /** One Markdown table row per request type, or nothing if no broker metrics are here. */
  static List<String> table() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    List<String> rows = new ArrayList<>();
    for (String request : REQUESTS) {
      StringBuilder row = new StringBuilder("| " + request + " |");
      boolean any = false;
      for (String stage : STAGES) {
        try {
          ObjectName name =
              new ObjectName(
                  "kafka.network:type=RequestMetrics,name=" + stage + ",request=" + request);
          if (!server.isRegistered(name)) {
            row.append(" |");
            continue;
          }
          any = true;
          Object count = server.getAttribute(name, "Count");
          Object p50 = server.getAttribute(name, "50thPercentile");
          Object p99 = server.getAttribute(name, "99thPercentile");
          row.append(
              String.format(
                  Locale.ROOT,
                  " %.1f / %.1f (n=%s) |",
                  ((Number) p50).doubleValue(),
                  ((Number) p99).doubleValue(),
                  count));
        } catch (Exception e) {
          row.append(" ? |");
        }
      }
      if (any) {
        rows.add(row.toString());
      }
    }
    if (!rows.isEmpty()) {
      rows.add(0, "| request | " + String.join(" | ", STAGES) + " |");
      rows.add(1, "|---|---|---|---|---|---|---|");
    }
    return rows;
  }
}
