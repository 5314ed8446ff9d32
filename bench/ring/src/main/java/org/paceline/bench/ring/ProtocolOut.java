package org.paceline.bench.ring;

import java.io.PrintStream;

/**
 * A node process's protocol lines on stdout, one whole line at a time from any thread, flushed at
 * once (the harness timestamps nothing itself: each line carries the node's own wall clock).
 */
final class ProtocolOut {

  private final PrintStream out;

  ProtocolOut(PrintStream out) {
    this.out = out;
  }

  synchronized void line(String line) {
    out.println(line);
    out.flush();
  }
}
