package org.paceline.bench.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks print about the machine they ran on. */
final class Machine {

  private Machine() {}

  /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} gives them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown (" + e + ")";
    }
  }

  /** CPU model, processors, OS and JVM in one line. */
  static String describe() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      cpu = "unknown CPU (" + e + ")";
    }
    return Runtime.getRuntime().availableProcessors()
        + " × "
        + cpu
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vm.name")
        + ")";
  }
}
