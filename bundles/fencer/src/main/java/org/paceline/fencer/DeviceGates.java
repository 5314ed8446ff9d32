package org.paceline.fencer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Holds each device to its {@code pcmk_action_limit}: at most that many requests to the device run
 * at once on this node (default 1, -1 for no limit); the others wait in order. A request's timeout
 * starts when it runs, not while it waits.
 */
final class DeviceGates {

  private static final class Gate {
    int running;
    final Deque<Runnable> waiting = new ArrayDeque<>();
  }

  private final Map<String, Gate> gates = new HashMap<>();

  /** Runs {@code start} when {@code device} has room, and frees the room when its result is in. */
  <T> CompletableFuture<T> run(String device, int limit, Supplier<CompletableFuture<T>> start) {
    CompletableFuture<T> out = new CompletableFuture<>();
    Runnable go =
        () -> {
          CompletableFuture<T> f;
          try {
            f = start.get();
          } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
          }
          f.whenComplete(
              (r, e) -> {
                release(device);
                if (e != null) {
                  out.completeExceptionally(e);
                } else {
                  out.complete(r);
                }
              });
        };
    boolean now;
    synchronized (gates) {
      Gate g = gates.computeIfAbsent(device, k -> new Gate());
      now = limit < 0 || g.running < limit;
      if (now) {
        g.running++;
      } else {
        g.waiting.add(go);
      }
    }
    if (now) {
      go.run();
    }
    return out;
  }

  private void release(String device) {
    Runnable next;
    synchronized (gates) {
      Gate g = gates.get(device);
      next = g.waiting.poll();
      if (next == null) {
        g.running--;
        if (g.running == 0) {
          gates.remove(device);
        }
      }
    }
    if (next != null) {
      next.run();
    }
  }

  /** Requests waiting for {@code device}. */
  int waiting(String device) {
    synchronized (gates) {
      Gate g = gates.get(device);
      return g == null ? 0 : g.waiting.size();
    }
  }
}
