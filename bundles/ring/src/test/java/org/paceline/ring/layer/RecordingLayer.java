package org.paceline.ring.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every packet that passes, in both directions, with the thread that carried it, and passes
 * it on when there is a layer beyond: on top it records what arrives, at the bottom what is sent.
 */
final class RecordingLayer extends Layer {

  /** A packet that went up from node {@code from}. */
  record Up(int from, byte[] packet, String thread) {}

  /** A packet that went down toward nodes {@code to}. */
  record Down(int[] to, byte[] packet, String thread) {}

  private final List<Up> ups = new ArrayList<>();
  private final List<Down> downs = new ArrayList<>();

  @Override
  public void up(int from, byte[] packet) {
    synchronized (ups) {
      ups.add(new Up(from, packet, Thread.currentThread().getName()));
    }
    if (above() != null) {
      super.up(from, packet);
    }
  }

  @Override
  public void down(int[] to, byte[] packet) {
    synchronized (downs) {
      downs.add(new Down(to, packet, Thread.currentThread().getName()));
    }
    if (below() != null) {
      super.down(to, packet);
    }
  }

  /** A copy of the packets that went up so far. */
  List<Up> ups() {
    synchronized (ups) {
      return List.copyOf(ups);
    }
  }

  /** A copy of the packets that went down so far. */
  List<Down> downs() {
    synchronized (downs) {
      return List.copyOf(downs);
    }
  }

  int upCount() {
    synchronized (ups) {
      return ups.size();
    }
  }

  /** The payloads that went up, as strings. */
  List<String> upTexts() {
    return ups().stream()
        .map(u -> new String(u.packet(), java.nio.charset.StandardCharsets.UTF_8))
        .toList();
  }

  /** The last packet that went down. */
  byte[] lastDown() {
    synchronized (downs) {
      return downs.get(downs.size() - 1).packet();
    }
  }

  void clear() {
    synchronized (ups) {
      ups.clear();
    }
    synchronized (downs) {
      downs.clear();
    }
  }
}
