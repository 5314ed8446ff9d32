package org.paceline.eventlog.kafka;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.paceline.eventlog.EventCodec;
import org.paceline.eventlog.EventFormatException;
import org.paceline.eventlog.journal.EventJournal;
import org.paceline.eventlog.journal.JournalRecord;
import org.paceline.eventlog.kafka.PublisherStatus.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the journal's events to the cluster's Kafka topic, exactly once and in order. Runs on
 * the DC only.
 *
 * <p>On {@link #start()} (becoming DC) it creates a transactional producer whose transactional id
 * is the cluster's, so {@code initTransactions} fences the previous DC's producer and settles its
 * open transaction; then it reads the last committed {@code seq} from the topic and publishes the
 * journal from the next one, each batch of events in one transaction. A failure (broker down,
 * timeout) closes the producer and retries with backoff: the next attempt again fences, reads back
 * the last committed seq and continues from there, so an uncertain commit is neither lost nor
 * repeated. Meanwhile events wait in the journal. When another publisher with the same
 * transactional id takes over, this one gets {@link ProducerFencedException} and stops ({@link
 * State#FENCED}). When the controller tells who the DC is ({@code stillDc}), a fenced publisher
 * that is still the DC takes over again, and one that no longer is stops instead of reconnecting
 * after a failure, so it cannot fence the new DC in turn.
 *
 * <p>One named thread; {@link #status()} and {@link #awaitCommitted} are safe from any thread.
 */
public final class KafkaPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

  private static final Duration IDLE_WAIT = Duration.ofMillis(200);

  /**
   * The pause between a commit and the next transaction. The broker answers the commit before it
   * has written the transaction's markers; a produce that starts the next transaction meanwhile is
   * held back at the broker ({@code CONCURRENT_TRANSACTIONS}) and retried there only after {@code
   * add.partitions.to.txn.retry.backoff.ms} (20 ms by default): with a local broker one commit
   * followed the previous one after 8 ms or after 28 ms. Two milliseconds let the markers land
   * first: bench/eventlog measured journaled → committed p50 7–12 ms instead of 21–29 ms at 2,000
   * events/s, and no loss of throughput (docs/BENCHMARKS.md, "Event log").
   */
  private static final Duration TRANSACTION_GAP = Duration.ofMillis(2);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private final KafkaSettings settings;
  private final EventJournal journal;
  private final String name;
  private final CommitListener listener;

  /** Stands for "no controller tells who the DC is". */
  private static final BooleanSupplier NO_CONTROLLER = () -> false;

  /** Whether this node is still the DC; null when no controller tells. */
  private final BooleanSupplier stillDc;

  private final KafkaClients clients;
  private final CommittedTail tail = new CommittedTail();
  private final EventCodec codec = new EventCodec();
  private final Thread thread;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Object commits = new Object();

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile State state = State.CONNECTING;
  private volatile long lastCommitted = -1;
  private volatile String lastError;
  private volatile Instant lastCommit;
  private volatile boolean running;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile KafkaConsumer<String, byte[]> consumer;

  /**
   * A publisher on its own: it stops for good when fenced and reconnects after any other failure.
   *
   * @param name how log lines and the thread name this publisher (the node name)
   */
  public KafkaPublisher(KafkaSettings settings, EventJournal journal, String name) {
    this(settings, journal, name, (first, last) -> {}, NO_CONTROLLER);
  }

  /**
   * A publisher the controller runs on the DC.
   *
   * @param name how log lines and the thread name this publisher (the node name)
   * @param listener hears every committed transaction
   * @param stillDc whether this node is still the DC, asked after a fencing (true: take over again,
   *     which fences the other publisher; false: stop) and before reconnecting after a failure
   *     (false: stop)
   */
  public KafkaPublisher(
      KafkaSettings settings,
      EventJournal journal,
      String name,
      CommitListener listener,
      BooleanSupplier stillDc) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.name = Objects.requireNonNull(name, "name");
    this.listener = Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(stillDc, "stillDc");
    this.stillDc = stillDc == NO_CONTROLLER ? null : stillDc;
    if (!journal.cluster().equals(settings.cluster())) {
      throw new IllegalArgumentException(
          "the journal is cluster " + journal.cluster() + "'s, not " + settings.cluster() + "'s");
    }
    this.clients = new KafkaClients(settings);
    this.thread = new Thread(this::run, "eventlog-publisher-" + name);
    this.thread.setDaemon(true);
  }

  /** Starts publishing; call once. */
  public void start() {
    running = true;
    thread.start();
  }

  /** Where the publisher stands. */
  public PublisherStatus status() {
    long journalLast = journal.lastSeq();
    long committed = lastCommitted;
    long base = committed >= 0 ? committed : Math.max(0, journal.firstSeq() - 1);
    return new PublisherStatus(
        state,
        committed,
        journalLast,
        Math.max(0, journalLast - base),
        published.get(),
        transactions.get(),
        failures.get(),
        skipped.get(),
        lastError,
        lastCommit);
  }

  /** Waits at most {@code timeout} until {@code seq} is committed; true if it is. */
  public boolean awaitCommitted(long seq, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (commits) {
      while (lastCommitted < seq && state != State.FENCED && state != State.STOPPED) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(commits, left);
      }
    }
    return lastCommitted >= seq;
  }

  // ------------------------------------------------------------------ publisher thread

  private void run() {
    Duration backoff = settings.minBackoff();
    try {
      while (running) {
        long before = transactions.get();
        try {
          publish();
        } catch (ProducerFencedException e) {
          closeProducer(Duration.ZERO);
          if (running && stillDc != null && stillDc.getAsBoolean()) {
            LOG.warn("{}: fenced by another publisher, but this node still publishes", name);
            lastError = "fenced: " + e.getMessage();
          } else {
            LOG.info(
                "{}: another publisher took over transactional id {}; stopping at seq {}",
                name,
                settings.transactionalId(),
                lastCommitted);
            lastError = "fenced: " + e.getMessage();
            state = State.FENCED;
            return;
          }
        } catch (IOException | RuntimeException e) {
          closeProducer(Duration.ZERO);
          if (!running) {
            return;
          }
          lastError = e.toString();
          failures.incrementAndGet();
          if (stillDc != null && !stillDc.getAsBoolean()) {
            LOG.info(
                "{}: publishing failed ({}) and this node is no longer the DC; stopping",
                name,
                e.toString());
            return;
          }
          state = State.RETRYING;
          LOG.warn(
              "{}: publishing to {} failed, {} events wait in the journal; retrying in {} ms: {}",
              name,
              settings.topic(),
              status().lag(),
              backoff.toMillis(),
              e.toString());
          LOG.debug("{}: the failure in full", name, e);
        }
        if (transactions.get() > before) {
          backoff = settings.minBackoff();
        }
        if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeProducer(Duration.ZERO);
      if (state != State.FENCED) {
        state = State.STOPPED;
      }
      synchronized (commits) {
        commits.notifyAll();
      }
      LOG.info("{}: publisher stopped ({}, last committed seq {})", name, state, lastCommitted);
    }
  }

  /** One connection: fence, read back, publish until stopped or failed. */
  private void publish() throws IOException, InterruptedException {
    state = State.CONNECTING;
    KafkaProducer<String, byte[]> p = clients.producer();
    producer = p;
    if (!running) {
      return;
    }
    p.initTransactions();
    new TopicSetup(clients, settings).ensureTopic();
    long last;
    KafkaConsumer<String, byte[]> c = clients.consumer("tail");
    consumer = c;
    try {
      if (!running) {
        return;
      }
      last = tail.lastCommittedSeq(c, settings.topic(), settings.operationTimeout());
    } finally {
      consumer = null;
      c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
    committed(last);
    state = State.PUBLISHING;
    LOG.info(
        "{}: publishing to {} as {} from seq {} (journal holds {}..{})",
        name,
        settings.topic(),
        settings.transactionalId(),
        last + 1,
        journal.firstSeq(),
        journal.lastSeq());
    long next = last + 1;
    long epochErrorsSince = 0;
    Duration retryWait = settings.minBackoff();
    Duration epochRetryLimit = settings.operationTimeout().multipliedBy(2);
    while (running) {
      List<JournalRecord> batch = journal.readEncoded(next, settings.maxBatch());
      if (batch.isEmpty()) {
        journal.awaitAfter(next - 1, IDLE_WAIT);
        continue;
      }
      long gap = 0;
      long expected = next;
      try {
        // With the broker gone each send may wait for metadata (up to max.block.ms each): bound
        // the whole batch by the operation timeout instead.
        long sendDeadline = System.nanoTime() + settings.operationTimeout().toNanos();
        p.beginTransaction();
        for (JournalRecord r : batch) {
          if (System.nanoTime() > sendDeadline) {
            throw new TimeoutException(
                "sending "
                    + batch.size()
                    + " events took longer than "
                    + settings.operationTimeout());
          }
          gap += r.key() - expected;
          expected = r.key() + 1;
          p.send(new ProducerRecord<>(settings.topic(), keyOf(r), r.data()));
        }
        p.commitTransaction();
      } catch (InvalidProducerEpochException
          | InvalidTxnStateException
          | TransactionAbortableException e) {
        abortOrFenced(p, e);
        // Aborted: nothing of the batch is in the topic. Retry it with the same producer, which
        // (unlike a new one) cannot fence a publisher that is taking over: once that one holds
        // its epoch, the abort answers ProducerFencedException. After a transaction the
        // coordinator timed out, the retry simply succeeds.
        failures.incrementAndGet();
        lastError = e.toString();
        if (epochErrorsSince == 0) {
          epochErrorsSince = System.nanoTime();
          retryWait = settings.minBackoff();
        } else if (System.nanoTime() - epochErrorsSince > epochRetryLimit.toNanos()) {
          throw fencedBy(e, null);
        }
        LOG.warn("{}: transaction from seq {} aborted, retrying: {}", name, next, e.toString());
        if (stopping.await(retryWait.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
        retryWait = min(retryWait.multipliedBy(2), settings.maxBackoff());
        continue;
      }
      epochErrorsSince = 0;
      long first = batch.get(0).key();
      long lastSeq = batch.get(batch.size() - 1).key();
      if (gap > 0) {
        skipped.addAndGet(gap);
        LOG.error(
            "{}: {} events between seq {} and {} were not in the journal and are missing from {}",
            name,
            gap,
            next,
            lastSeq,
            settings.topic());
      }
      published.addAndGet(batch.size());
      transactions.incrementAndGet();
      lastCommit = Instant.now();
      lastError = null;
      committed(lastSeq);
      listener.committed(first, lastSeq);
      next = lastSeq + 1;
      if (stopping.await(TRANSACTION_GAP.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  /**
   * Aborts after {@code cause}. With transaction protocol 2 a producer that another one fenced
   * first sees {@link InvalidProducerEpochException}, or {@link InvalidTxnStateException} when its
   * commit arrives after the new producer's start aborted the transaction ({@link
   * TransactionAbortableException} asks for an abort outright). Aborting tells: the coordinator
   * answers a fenced producer with {@link ProducerFencedException}; a successful abort means the
   * batch can be retried with this producer. When the abort fails otherwise, this producer cannot
   * go on, and a new one would fence whoever holds the transactional id now, so it counts as fenced
   * too (the caller's {@code mayResume} decides whether to take over again).
   *
   * @throws ProducerFencedException if this producer is fenced or cannot go on
   */
  private static void abortOrFenced(KafkaProducer<String, byte[]> p, KafkaException cause) {
    try {
      p.abortTransaction();
    } catch (ProducerFencedException fenced) {
      fenced.addSuppressed(cause);
      throw fenced;
    } catch (RuntimeException e) {
      throw fencedBy(cause, e);
    }
  }

  private static ProducerFencedException fencedBy(KafkaException cause, RuntimeException more) {
    ProducerFencedException fenced =
        new ProducerFencedException("probably fenced by another publisher: " + cause.getMessage());
    fenced.addSuppressed(cause);
    if (more != null) {
      fenced.addSuppressed(more);
    }
    return fenced;
  }

  private String keyOf(JournalRecord r) {
    try {
      return codec.subjectOf(r.data());
    } catch (EventFormatException e) {
      LOG.warn("{}: event {} in the journal has no subject, sent without a key", name, r.key());
      return null;
    }
  }

  private void committed(long seq) {
    synchronized (commits) {
      lastCommitted = seq;
      commits.notifyAll();
    }
  }

  private void closeProducer(Duration timeout) {
    KafkaProducer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      try {
        p.close(timeout);
      } catch (RuntimeException e) {
        LOG.debug("{}: closing the producer: {}", name, e.toString());
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Stops publishing: lets the current transaction finish (at most the operation timeout), then
   * closes the producer. Events not yet committed stay in the journal for the next DC.
   */
  @Override
  public void close() {
    running = false;
    stopping.countDown();
    if (!thread.isAlive()) {
      return;
    }
    try {
      thread.join(settings.operationTimeout().toMillis() + 1000);
      if (thread.isAlive()) {
        LOG.warn("{}: the publisher did not stop in time; closing its clients", name);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
          c.wakeup();
        }
        closeProducer(Duration.ZERO);
        thread.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
