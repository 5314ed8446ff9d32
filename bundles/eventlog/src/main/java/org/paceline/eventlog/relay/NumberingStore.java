package org.paceline.eventlog.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.paceline.eventlog.EventNumbering;

/**
 * The numbering state of one node on disk ({@code numbering.json}): the last seq handed out and per
 * origin the last draft numbered, so that a node restarting (even the whole cluster at once) never
 * proposes again a draft already numbered. Written whole to a temporary file and renamed.
 */
public final class NumberingStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  /** The store in {@code file}. */
  public NumberingStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * The stored state, {@link EventNumbering#EMPTY} if there is none.
   *
   * @throws IOException naming the file if it exists but cannot be read or is malformed
   */
  public EventNumbering load() throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return EventNumbering.EMPTY;
    } catch (IOException e) {
      throw new IOException(file + ": not a numbering state: " + e.getMessage(), e);
    }
    if (tree == null || !tree.path("lastSeq").canConvertToLong() || !tree.has("lastDraft")) {
      throw new IOException(file + ": expected {\"lastSeq\": N, \"lastDraft\": {...}}");
    }
    Map<String, Long> last = new TreeMap<>();
    tree.path("lastDraft").properties().forEach(e -> last.put(e.getKey(), e.getValue().asLong()));
    try {
      return new EventNumbering(tree.path("lastSeq").asLong(), last);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the stored state. */
  public void save(EventNumbering n) throws IOException {
    ObjectNode tree = JSON.createObjectNode();
    tree.put("lastSeq", n.lastSeq());
    ObjectNode last = tree.putObject("lastDraft");
    n.lastDraft().forEach(last::put);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(tree));
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
