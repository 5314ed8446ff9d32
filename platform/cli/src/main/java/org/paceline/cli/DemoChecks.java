package org.paceline.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code paceline demo} checks before it starts anything, each failure a clear error: the dist
 * holds what the demo runs, the loopback addresses 127.0.0.1-3 can be bound, and the ports it is
 * told to use are free. Also picks the free ports it chooses itself.
 */
final class DemoChecks {

  /** The demo's node addresses, n1..n3. */
  static final List<String> ADDRESSES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

  private DemoChecks() {}

  /**
   * The files of the dist at {@code home} the demo needs, as glob patterns relative to it: the
   * CLI's and launcher's jars, the node bundles, the builtin agents (Dummy, Process), the process
   * fence device and the Kafka broker's jars.
   */
  static final List<String> NEEDED =
      List.of(
          "lib/paceline-cli.jar",
          "lib/paceline-launcher.jar",
          "lib/org.apache.felix.framework.jar",
          "bundle/paceline-admin-*.jar",
          "bundle/paceline-controller-*.jar",
          "bundle/paceline-eventlog-*.jar",
          "plugins/paceline-ra-builtin-*.jar",
          "plugins/paceline-fencing-process-*.jar",
          "lib/kafka/kafka_2.13-*.jar",
          "lib/kafka/kafka-clients-*.jar",
          "lib/kafka/kafka-server-*.jar",
          "lib/kafka/scala-library-*.jar");

  /**
   * Fails with a list of what is missing when the dist at {@code home} lacks a file the demo needs.
   */
  static void distComplete(Path home) {
    List<String> missing = new ArrayList<>();
    for (String pattern : NEEDED) {
      if (!exists(home, pattern)) {
        missing.add(pattern);
      }
    }
    if (!missing.isEmpty()) {
      throw new CliException(
          ExitCodes.FAILED,
          "the distribution at "
              + home
              + " is incomplete; missing: "
              + String.join(", ", missing)
              + " (rebuild it: ./paceline at the repository root, or mvn -pl platform/dist -am"
              + " package)");
    }
  }

  private static boolean exists(Path home, String pattern) {
    Path p = home.resolve(pattern);
    Path dir = p.getParent();
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p.getFileName().toString())) {
      return s.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** Fails unless every address in {@link #ADDRESSES} can be bound on this host. */
  static void addressesUsable() {
    for (String a : ADDRESSES) {
      try (DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName(a), 0))) {
        s.getLocalPort();
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.FAILED,
            "the demo runs its three nodes on 127.0.0.1, 127.0.0.2 and 127.0.0.3, but "
                + a
                + " cannot be bound on this host ("
                + e.getMessage()
                + "); Linux routes all of 127.0.0.0/8 to the loopback interface, elsewhere add"
                + " the addresses to it (e.g. macOS: sudo ifconfig lo0 alias "
                + a
                + " up)");
      }
    }
  }

  /**
   * Fails when TCP {@code port} is taken on one of {@code addresses}.
   *
   * @param what what the port is for, e.g. "the admin API"
   * @param option the option that chooses another port
   */
  static void tcpPortFree(int port, List<String> addresses, String what, String option) {
    for (String a : addresses) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(a), port), 1);
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.FAILED,
            "TCP port "
                + port
                + " on "
                + a
                + " is in use ("
                + e.getMessage()
                + "), and the demo needs it for "
                + what
                + "; is another demo or node running? Stop it, or choose another port with "
                + option
                + " PORT (0: any free port)");
      }
    }
  }

  /** A TCP port free on 127.0.0.1 right now. */
  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
      return s.getLocalPort();
    }
  }

  /** A UDP port free on every address in {@link #ADDRESSES} right now (the ring's port). */
  static int freeRingPort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ADDRESSES.get(0)), 0))) {
        port = s.getLocalPort();
      }
      if (udpFree(port)) {
        return port;
      }
    }
    throw new CliException(
        ExitCodes.FAILED, "found no UDP port free on 127.0.0.1, 127.0.0.2 and 127.0.0.3");
  }

  private static boolean udpFree(int port) {
    for (String a : ADDRESSES) {
      try (DatagramSocket s =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName(a), port))) {
        s.getLocalPort();
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
