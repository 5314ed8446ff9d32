package org.paceline.api.fencing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which device port (plug) stands for which cluster node, as Pacemaker's {@code pcmk_host_map}
 * writes it: {@code "n1:1;n2:2,n3=3"} (pairs separated by {@code ;}, {@code ,} or blanks; node and
 * port by {@code :} or {@code =}).
 *
 * @param ports node name to port
 */
public record HostMap(Map<String, String> ports) {

  public HostMap {
    ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  /** An empty map: every node is its own port. */
  public static HostMap empty() {
    return new HostMap(Map.of());
  }

  /**
   * Parses {@code pcmk_host_map} text.
   *
   * @throws IllegalArgumentException naming the entry that has no port
   */
  public static HostMap parse(String text) {
    Map<String, String> ports = new LinkedHashMap<>();
    if (text != null) {
      for (String entry : text.trim().split("[;,\\s]+")) {
        if (entry.isEmpty()) {
          continue;
        }
        int sep = indexOfSeparator(entry);
        if (sep <= 0 || sep == entry.length() - 1) {
          throw new IllegalArgumentException(
              "bad pcmk_host_map entry '" + entry + "': expected NODE:PORT or NODE=PORT");
        }
        ports.put(entry.substring(0, sep), entry.substring(sep + 1));
      }
    }
    return new HostMap(ports);
  }

  private static int indexOfSeparator(String entry) {
    int colon = entry.indexOf(':');
    int equals = entry.indexOf('=');
    if (colon < 0) {
      return equals;
    }
    return equals < 0 ? colon : Math.min(colon, equals);
  }

  /** The port for {@code node}: mapped if the map names it, else empty. */
  public Optional<String> portFor(String node) {
    return Optional.ofNullable(ports.get(node));
  }

  /** The port for {@code node}, or the node's own name if the map does not name it. */
  public String portOrName(String node) {
    return ports.getOrDefault(node, node);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    ports.forEach(
        (node, port) -> {
          if (sb.length() > 0) {
            sb.append(';');
          }
          sb.append(node).append(':').append(port);
        });
    return sb.toString();
  }
}
