package org.paceline.cib.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.paceline.cib.model.Cib;
import org.paceline.cib.replica.CibCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable CIB file of one node, {@code cib.xml} in its directory.
 *
 * <p>Every write goes to {@code cib.xml.tmp}, is forced to disk, and is renamed over {@code
 * cib.xml} (then the directory is forced too), so after a crash at any point the file holds either
 * the previous or the new CIB, never a mix. The previous file is kept as {@code cib.xml.prev}, the
 * fallback if {@code cib.xml} cannot be read (a disk fault, an edit by hand).
 *
 * <p>{@link #save} only records the newest CIB and returns; a writer thread writes it, skipping
 * versions that were overtaken meanwhile, so a burst of changes costs one write, not one each.
 */
public final class CibStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CibStore.class);

  /** The file name. */
  public static final String FILE = "cib.xml";

  private final Path dir;
  private final Path file;
  private final Path tmp;
  private final Path prev;
  private final CibCodec codec;
  private final Object lock = new Object();
  private final Thread writer;

  // Guarded by lock.
  private Cib latest;
  private Cib written;
  private boolean closed;
  private IOException lastError;

  public CibStore(Path dir, CibCodec codec, String nodeName) throws IOException {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.codec = Objects.requireNonNull(codec, "codec");
    Files.createDirectories(dir);
    this.file = dir.resolve(FILE);
    this.tmp = dir.resolve(FILE + ".tmp");
    this.prev = dir.resolve(FILE + ".prev");
    this.writer = new Thread(this::writeLoop, "cib-store-" + nodeName);
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** The file the CIB lives in. */
  public Path file() {
    return file;
  }

  /**
   * Reads the stored CIB: {@code cib.xml}, or {@code cib.xml.prev} when that cannot be read, or
   * empty when neither exists.
   *
   * @throws IOException when a file exists but neither can be read; the message names both problems
   */
  public Optional<Cib> load() throws IOException {
    Files.deleteIfExists(tmp); // a write that never got renamed
    if (!Files.exists(file) && !Files.exists(prev)) {
      return Optional.empty();
    }
    IOException first;
    try {
      Cib cib = read(file);
      remember(cib);
      return Optional.of(cib);
    } catch (IOException | RuntimeException e) {
      first = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    if (Files.exists(prev)) {
      try {
        Cib cib = read(prev);
        LOG.error(
            "{} is unreadable ({}); using the previous version {} from {}",
            file,
            first.getMessage(),
            cib.versions(),
            prev);
        return Optional.of(cib);
      } catch (IOException | RuntimeException e) {
        first.addSuppressed(e);
      }
    }
    throw new IOException(file + " cannot be read: " + first.getMessage(), first);
  }

  private void remember(Cib cib) {
    synchronized (lock) {
      written = cib;
      latest = cib;
    }
  }

  private Cib read(Path p) throws IOException {
    if (!Files.exists(p)) {
      throw new IOException(p + " does not exist");
    }
    return codec.decode(Files.readAllBytes(p));
  }

  /** Queues {@code cib} to be written; returns at once. */
  public void save(Cib cib) {
    Objects.requireNonNull(cib, "cib");
    synchronized (lock) {
      if (closed) {
        return;
      }
      latest = cib;
      lock.notifyAll();
    }
  }

  /**
   * Waits until the newest saved CIB is on disk.
   *
   * @return false if it did not get there within {@code timeout}
   * @throws IOException the last write's error, if it failed
   */
  public boolean flush(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (latest != written && lastError == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (lastError != null && latest != written) {
        throw lastError;
      }
      return true;
    }
  }

  private void writeLoop() {
    while (true) {
      Cib next;
      synchronized (lock) {
        while (!closed && (latest == null || latest == written)) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (latest == null || latest == written) {
          return; // closed, nothing left
        }
        next = latest;
      }
      try {
        write(codec.encode(next));
        synchronized (lock) {
          written = next;
          lastError = null;
          lock.notifyAll();
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("could not write {} ({}): {}", file, next.versions(), e.toString());
        synchronized (lock) {
          lastError = e instanceof IOException io ? io : new IOException(e.toString(), e);
          lock.notifyAll();
          try {
            lock.wait(1000); // retry later, or sooner on the next save
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  /** Writes {@code bytes} as the new file: write, fsync, keep the old one, rename, fsync dir. */
  void write(byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (Files.exists(file)) {
      Files.deleteIfExists(prev);
      Files.createLink(prev, file);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + dir + " cannot rename atomically", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  /** Writes what is still queued (bounded wait) and stops the writer thread. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
