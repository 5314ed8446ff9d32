package org.paceline.admin.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.paceline.api.agent.AgentMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads agents' meta-data and warnings for the admin API, off the request and registration threads,
 * on a small bounded pool. Reading an OCF agent's meta-data the first time runs its script, so a
 * list of 150 agents is read in parallel, each agent at most once at a time; a request waits only
 * up to its own limit and shows what is not known yet as pending, while the reads go on (the
 * plugins cache what they read, so the next request finds it).
 */
public final class AgentDescriber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentDescriber.class);

  /** The default number of threads. */
  public static final int DEFAULT_THREADS = 4;

  /** How many reads may wait for a thread; more are refused and shown as pending. */
  static final int QUEUE_LIMIT = 2048;

  /**
   * What an agent says about itself.
   *
   * @param metadata its meta-data
   * @param warnings what is wrong with its set-up on this node
   */
  public record Description(AgentMetadata metadata, List<String> warnings) {

    public Description {
      Objects.requireNonNull(metadata, "metadata");
      warnings = List.copyOf(warnings);
    }
  }

  private final ThreadPoolExecutor pool;
  private final ConcurrentHashMap<Long, CompletableFuture<Description>> inFlight =
      new ConcurrentHashMap<>();

  /** A describer with {@code threads} threads named {@code paceline-admin-describe-N}. */
  public AgentDescriber(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE_LIMIT),
            r -> {
              Thread t = new Thread(r, "paceline-admin-describe-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Describes one agent, waiting at most {@code wait}; empty if it has not answered by then. */
  public Optional<Description> describe(AgentCatalog.Entry entry, Duration wait) {
    return describeAll(List.of(entry), wait).get(entry.serviceId());
  }

  /**
   * Describes every entry in parallel, waiting at most {@code wait} in all.
   *
   * @return per service id, the description, or empty for agents that have not answered in time
   */
  public Map<Long, Optional<Description>> describeAll(
      List<AgentCatalog.Entry> entries, Duration wait) {
    Map<Long, CompletableFuture<Description>> started = new LinkedHashMap<>();
    for (AgentCatalog.Entry e : entries) {
      started.put(e.serviceId(), start(e));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    Map<Long, Optional<Description>> out = new LinkedHashMap<>();
    boolean interrupted = false;
    for (Map.Entry<Long, CompletableFuture<Description>> s : started.entrySet()) {
      CompletableFuture<Description> f = s.getValue();
      Description d = null;
      if (f != null && !interrupted) {
        try {
          d = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (TimeoutException | ExecutionException e) {
          // not known yet (read() never throws): pending
        }
      }
      if (d == null && f != null && f.isDone() && !f.isCompletedExceptionally()) {
        d = f.join();
      }
      out.put(s.getKey(), Optional.ofNullable(d));
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** The read of {@code e} in progress, or a new one; null if the pool refused it. */
  private CompletableFuture<Description> start(AgentCatalog.Entry e) {
    CompletableFuture<Description> f;
    try {
      f =
          inFlight.computeIfAbsent(
              e.serviceId(), id -> CompletableFuture.supplyAsync(() -> read(e), pool));
    } catch (RejectedExecutionException ex) {
      LOG.debug("describing {} refused: {} reads waiting", e.id(), pool.getQueue().size());
      return null;
    }
    f.whenComplete((d, t) -> inFlight.remove(e.serviceId(), f));
    return f;
  }

  /** Asks the agent; never throws: a failure becomes a description that says so. */
  private static Description read(AgentCatalog.Entry e) {
    AgentMetadata md;
    List<String> warnings;
    try {
      md = e.source().metadata();
      if (md == null) {
        throw new IllegalStateException("the agent returned no meta-data");
      }
    } catch (RuntimeException ex) {
      LOG.warn("reading the meta-data of agent {} failed", e.id(), ex);
      md = new AgentMetadata(e.id(), "", "meta-data unavailable: " + ex, "", List.of(), List.of());
    }
    try {
      warnings = e.source().warnings();
      if (warnings == null) {
        warnings = List.of();
      }
    } catch (RuntimeException ex) {
      LOG.warn("reading the warnings of agent {} failed", e.id(), ex);
      warnings = List.of(e.id() + ": checking its set-up failed: " + ex);
    }
    return new Description(md, warnings);
  }

  /** Stops the threads; reads in progress are interrupted. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
