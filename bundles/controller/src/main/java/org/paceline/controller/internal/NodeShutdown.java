package org.paceline.controller.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.NodeStatus;
import org.paceline.cib.model.PacemakerDurations;
import org.paceline.cib.model.ResourceHistory;
import org.paceline.cib.service.CibChange;
import org.paceline.cib.service.CibService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clean node shutdown, Pacemaker's way: the node sets its {@code shutdown} attribute, the DC
 * moves its resources away (or stops them) and expects the node down, and the node leaves once
 * nothing runs on it any more. A node that leaves cleanly is not fenced.
 */
public final class NodeShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(NodeShutdown.class);

  private final String me;
  private final CibService cib;
  private final Controller controller;

  public NodeShutdown(String me, CibService cib, Controller controller) {
    this.me = Objects.requireNonNull(me, "me");
    this.cib = Objects.requireNonNull(cib, "cib");
    this.controller = Objects.requireNonNull(controller, "controller");
  }

  /** Reads {@code shutdown.timeout}, e.g. {@code 120s}; names the value when it is bad. */
  public static Duration parseTimeout(String text) {
    try {
      Duration d = PacemakerDurations.parse(text, "shutdown.timeout");
      if (d.isNegative()) {
        throw new IllegalArgumentException("must not be negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "org.paceline.controller: shutdown.timeout = '"
              + text
              + "' is invalid: "
              + e.getMessage(),
          e);
    }
  }

  /** Asks for the shutdown and waits until nothing runs here, at most {@code timeout}. */
  public void run(Duration timeout) {
    if (timeout.isZero() || !cib.status().synced() || cib.status().members().size() < 1) {
      return;
    }
    Instant deadline = Instant.now().plus(timeout);
    String stamp = Long.toString(Instant.now().getEpochSecond());
    try {
      cib.propose(new CibChange.SetTransientAttribute(me, "shutdown", stamp), false)
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{}: could not ask for a clean shutdown: {}", me, e.toString());
      return;
    }
    int active = activeHere(cib.current());
    if (active == 0) {
      LOG.info("{}: nothing runs here; leaving the cluster", me);
      return;
    }
    LOG.info("{}: shutting down: waiting for {} resource(s) to move or stop", me, active);
    CountDownLatch changed = new CountDownLatch(1);
    AutoCloseable listener =
        cib.addListener(
            (before, after, cause) -> {
              if (activeHere(after) == 0) {
                changed.countDown();
              }
            });
    try {
      while (activeHere(cib.current()) > 0 && Instant.now().isBefore(deadline)) {
        if (changed.await(250, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        listener.close();
      } catch (Exception e) {
        LOG.debug("{}: {}", me, e.toString());
      }
    }
    int left = activeHere(cib.current());
    if (left > 0) {
      LOG.warn(
          "{}: {} resource(s) still active after {}; leaving anyway (controller: {})",
          me,
          left,
          timeout,
          controller.status().state());
    } else {
      LOG.info("{}: resources moved away; leaving the cluster", me);
    }
  }

  private int activeHere(Cib c) {
    NodeStatus ns = c.status().node(me).orElse(null);
    if (ns == null) {
      return 0;
    }
    int n = 0;
    for (ResourceHistory h : ns.resources()) {
      if (h.currentState().active()) {
        n++;
      }
    }
    return n;
  }
}
