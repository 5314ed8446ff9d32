package org.paceline.executor.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code <prefix>-<n>} and remembers them until they have ended, so the
 * executor can wait for its threads at close.
 */
final class NamedThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  NamedThreadFactory(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    threads.removeIf(NamedThreadFactory::ended);
    Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  private static boolean ended(Thread t) {
    return t.getState() == Thread.State.TERMINATED;
  }

  /** The threads made here that have not ended yet (including any not started yet). */
  List<Thread> alive() {
    threads.removeIf(NamedThreadFactory::ended);
    return List.copyOf(threads);
  }
}
