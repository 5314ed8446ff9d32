package org.paceline.eventlog.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.paceline.eventlog.EventNumbering;
import org.paceline.eventlog.journal.Journal;
import org.paceline.eventlog.journal.JournalConfig;
import org.paceline.eventlog.journal.JournalRecord;

/**
 * The numbering state of one node on disk: the last seq handed out and per origin the last draft
 * numbered, so that a node restarting (even the whole cluster at once) never proposes again a draft
 * already numbered.
 *
 * <p>Each save appends the whole state as one record to a small {@link Journal} in its own
 * directory; the last whole record is the state. A crash in the middle of a save leaves a torn
 * record, which opening the journal drops, so the state before it counts. Appending costs a write
 * into the page cache (the journal forces it to disk in the background, as its config says), where
 * replacing a file by rename cost about a millisecond per save: the relay saves after every batch
 * of drafts it numbers.
 *
 * <p>A state written by earlier versions as {@code numbering.json} beside the directory is read
 * while the journal is still empty. Not thread-safe: the relay saves from its writer thread only.
 */
public final class NumberingStore implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The journal's bounds: a state is a few hundred bytes, the newest one is all that matters. */
  private static final long SEGMENT_BYTES = 1L << 20;

  private static final long MAX_BYTES = 4L << 20;
  private static final int MAX_RECORD_BYTES = 1 << 20;

  private final Journal journal;
  private final Path legacy;

  private NumberingStore(Journal journal, Path legacy) {
    this.journal = journal;
    this.legacy = legacy;
  }

  /**
   * Opens (creating if needed) the store in {@code dir}; a legacy {@code <dir>.json} is read as the
   * state while the store holds none.
   *
   * @param sync how the journals of this node force appends to disk (only {@code fsync} and {@code
   *     syncInterval} are taken from it)
   * @throws IOException naming the directory if it cannot be opened
   */
  public static NumberingStore open(Path dir, JournalConfig sync) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(sync, "sync");
    JournalConfig config =
        new JournalConfig(
            MAX_BYTES,
            Long.MAX_VALUE,
            SEGMENT_BYTES,
            MAX_RECORD_BYTES,
            sync.fsync(),
            sync.syncInterval());
    Path legacy = dir.resolveSibling(dir.getFileName() + ".json");
    return new NumberingStore(Journal.open(dir, config, "numbering"), legacy);
  }

  /**
   * The stored state, {@link EventNumbering#EMPTY} if there is none.
   *
   * @throws IOException naming the file if the newest state cannot be read or is malformed
   */
  public EventNumbering load() throws IOException {
    long last = journal.lastKey();
    if (last == 0) {
      byte[] old;
      try {
        old = Files.readAllBytes(legacy);
      } catch (NoSuchFileException e) {
        return EventNumbering.EMPTY;
      }
      return decode(old, legacy.toString());
    }
    List<JournalRecord> r = journal.read(last, 1);
    if (r.isEmpty()) {
      throw new IOException(journal.directory() + ": numbering state " + last + " is missing");
    }
    return decode(r.get(0).data(), journal.directory() + " (state " + last + ")");
  }

  /** Records {@code n} as the state. */
  public void save(EventNumbering n) throws IOException {
    ObjectNode tree = JSON.createObjectNode();
    tree.put("lastSeq", n.lastSeq());
    ObjectNode last = tree.putObject("lastDraft");
    n.lastDraft().forEach(last::put);
    journal.append(journal.lastKey() + 1, JSON.writeValueAsBytes(tree));
  }

  private static EventNumbering decode(byte[] bytes, String where) throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IOException(where + ": not a numbering state: " + e.getMessage(), e);
    }
    if (tree == null || !tree.path("lastSeq").canConvertToLong() || !tree.has("lastDraft")) {
      throw new IOException(where + ": expected {\"lastSeq\": N, \"lastDraft\": {...}}");
    }
    Map<String, Long> last = new TreeMap<>();
    tree.path("lastDraft").properties().forEach(e -> last.put(e.getKey(), e.getValue().asLong()));
    try {
      return new EventNumbering(tree.path("lastSeq").asLong(), last);
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    journal.close();
  }
}
