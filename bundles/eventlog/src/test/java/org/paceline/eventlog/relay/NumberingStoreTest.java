package org.paceline.eventlog.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paceline.eventlog.EventNumbering;
import org.paceline.eventlog.journal.JournalConfig;

class NumberingStoreTest {

  private static final JournalConfig SYNC = JournalConfig.DEFAULT.withFsync(false);

  @TempDir Path dir;

  @Test
  void anEmptyStoreHoldsTheEmptyState() throws IOException {
    try (NumberingStore s = NumberingStore.open(dir.resolve("numbering"), SYNC)) {
      assertThat(s.load()).isEqualTo(EventNumbering.EMPTY);
    }
  }

  @Test
  void theLastSavedStateSurvivesAReopen() throws IOException {
    Path at = dir.resolve("numbering");
    try (NumberingStore s = NumberingStore.open(at, SYNC)) {
      for (int i = 1; i <= 5_000; i++) {
        s.save(new EventNumbering(i, Map.of("n1", (long) i, "n2", (long) i / 2)));
      }
      assertThat(s.load()).isEqualTo(new EventNumbering(5_000, Map.of("n1", 5_000L, "n2", 2_500L)));
    }
    try (NumberingStore s = NumberingStore.open(at, SYNC)) {
      assertThat(s.load()).isEqualTo(new EventNumbering(5_000, Map.of("n1", 5_000L, "n2", 2_500L)));
      s.save(new EventNumbering(5_001, Map.of("n1", 5_001L)));
      assertThat(s.load().lastSeq()).isEqualTo(5_001);
    }
  }

  @Test
  void aSaveTornByACrashCountsAsNotMadeAndThePreviousStateHolds() throws IOException {
    Path at = dir.resolve("numbering");
    try (NumberingStore s = NumberingStore.open(at, SYNC)) {
      s.save(new EventNumbering(7, Map.of("n1", 7L)));
      s.save(new EventNumbering(8, Map.of("n1", 8L)));
    }
    Path segment;
    try (Stream<Path> files = Files.list(at)) {
      segment = files.filter(Files::isRegularFile).sorted().reduce((a, b) -> b).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 3); // the last record loses its end, as in a crash mid-write
    }
    try (NumberingStore s = NumberingStore.open(at, SYNC)) {
      assertThat(s.load()).isEqualTo(new EventNumbering(7, Map.of("n1", 7L)));
    }
  }

  @Test
  void aStateWrittenByAnEarlierVersionIsReadUntilTheFirstSave() throws IOException {
    Files.writeString(dir.resolve("numbering.json"), "{\"lastSeq\":42,\"lastDraft\":{\"n2\":17}}");
    try (NumberingStore s = NumberingStore.open(dir.resolve("numbering"), SYNC)) {
      assertThat(s.load()).isEqualTo(new EventNumbering(42, Map.of("n2", 17L)));
      s.save(new EventNumbering(43, Map.of("n2", 18L)));
      assertThat(s.load()).isEqualTo(new EventNumbering(43, Map.of("n2", 18L)));
    }
  }

  @Test
  void aMalformedLegacyStateIsAnErrorNamingTheFile() throws IOException {
    Path legacy = dir.resolve("numbering.json");
    for (String bad : List.of("{\"lastSeq\":", "{\"lastSeq\":-1,\"lastDraft\":{}}", "[1,2]")) {
      Files.write(legacy, bad.getBytes(StandardCharsets.UTF_8));
      try (NumberingStore s = NumberingStore.open(dir.resolve("numbering"), SYNC)) {
        assertThatThrownBy(s::load)
            .isInstanceOf(IOException.class)
            .hasMessageContaining(legacy.toString());
      }
    }
  }

  @Test
  void theStoreStaysSmallHoweverOftenItSaves() throws IOException {
    Path at = dir.resolve("numbering");
    Map<String, Long> wide = new java.util.TreeMap<>();
    for (int n = 1; n <= 32; n++) {
      wide.put("node-" + n, 1_000_000L + n);
    }
    try (NumberingStore s = NumberingStore.open(at, SYNC)) {
      for (int i = 1; i <= 20_000; i++) {
        s.save(new EventNumbering(i, wide));
      }
      assertThat(s.load().lastSeq()).isEqualTo(20_000);
    }
    long bytes;
    try (Stream<Path> files = Files.walk(at)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(bytes).isLessThanOrEqualTo(5L << 20);
  }
}
