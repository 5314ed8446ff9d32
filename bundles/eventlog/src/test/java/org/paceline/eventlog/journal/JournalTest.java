package org.paceline.eventlog.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalTest {

  @TempDir Path dir;

  private static final JournalConfig SMALL =
      new JournalConfig(64 << 10, 100_000, 16 << 10, 64 << 10, true);

  private static List<JournalRecord> records(long from, long to) {
    List<JournalRecord> out = new ArrayList<>();
    for (long k = from; k <= to; k++) {
      out.add(new JournalRecord(k, JournalWriterMain.data(k)));
    }
    return out;
  }

  private static void assertContiguous(List<JournalRecord> read, long from, long to) {
    assertThat(read).hasSize((int) (to - from + 1));
    for (int i = 0; i < read.size(); i++) {
      long k = from + i;
      assertThat(read.get(i).key()).isEqualTo(k);
      assertThat(read.get(i).data()).isEqualTo(JournalWriterMain.data(k));
    }
  }

  @Test
  void appendsReadsAndReopens() throws Exception {
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      assertThat(j.lastKey()).isZero();
      assertThat(j.read(1, 10)).isEmpty();
      j.appendAll(records(1, 500));
      j.append(501, JournalWriterMain.data(501));
      assertThat(j.firstKey()).isEqualTo(1);
      assertThat(j.lastKey()).isEqualTo(501);
      assertThat(j.recordCount()).isEqualTo(501);
    }
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      assertThat(j.recoveryDamage()).isEmpty();
      assertThat(j.lastKey()).isEqualTo(501);
      assertContiguous(j.read(1, 1000), 1, 501);
      assertContiguous(j.read(200, 50), 200, 249);
      assertContiguous(j.read(0, 3), 1, 3);
      assertThat(j.read(502, 10)).isEmpty();
      j.appendAll(records(502, 510));
      assertContiguous(j.read(500, 100), 500, 510);
    }
  }

  @Test
  void readsFromAnyKeyAcrossSegments() throws Exception {
    try (Journal j =
        Journal.open(dir, new JournalConfig(1 << 30, 1 << 30, 4 << 10, 64 << 10, false), "t")) {
      j.appendAll(records(1, 400));
      assertThat(Files.list(dir).count()).isGreaterThan(10);
      for (long from = 1; from <= 400; from += 13) {
        assertContiguous(j.read(from, 7), from, Math.min(400, from + 6));
      }
    }
  }

  @Test
  void keysMayHaveGapsButMustIncrease() throws Exception {
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      j.append(5, new byte[] {1});
      j.append(9, new byte[] {2});
      assertThat(j.read(6, 10)).containsExactly(new JournalRecord(9, new byte[] {2}));
      assertThatThrownBy(() -> j.append(9, new byte[] {3}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key 9 does not follow 9");
      assertThatThrownBy(
              () ->
                  j.appendAll(
                      List.of(
                          new JournalRecord(10, new byte[1]), new JournalRecord(10, new byte[1]))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(j.lastKey()).isEqualTo(9);
      assertThatThrownBy(() -> j.append(11, new byte[(64 << 10) + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than the limit");
    }
  }

  @Test
  void staysWithinItsBoundsByDroppingTheOldestSegments() throws Exception {
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      for (long k = 1; k <= 2000; k += 10) {
        j.appendAll(records(k, k + 9));
        assertThat(j.sizeBytes()).isLessThanOrEqualTo(SMALL.maxBytes() + SMALL.segmentBytes());
      }
      assertThat(j.sizeBytes()).isLessThanOrEqualTo(SMALL.maxBytes());
      assertThat(j.sizeBytes()).isGreaterThan(SMALL.maxBytes() - 2 * SMALL.segmentBytes());
      assertThat(j.firstKey()).isGreaterThan(1);
      assertThat(j.lastKey()).isEqualTo(2000);
      assertContiguous(j.read(0, 5000), j.firstKey(), 2000);
    }
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      assertContiguous(j.read(0, 5000), j.firstKey(), 2000);
    }
  }

  @Test
  void withABackgroundSyncPrunedSegmentsAreDeletedByTheSyncNotTheAppend() throws Exception {
    JournalConfig background = SMALL.withSyncInterval(Duration.ofMillis(50));
    try (Journal j = Journal.open(dir, background, "t")) {
      for (long k = 1; k <= 2000; k += 10) {
        j.appendAll(records(k, k + 9));
      }
      assertThat(j.sizeBytes()).isLessThanOrEqualTo(background.maxBytes());
      // The journal no longer counts the pruned files; the sync thread deletes them shortly.
      await().atMost(Duration.ofSeconds(10)).until(() -> segmentFiles() == j.segmentCount());
      assertContiguous(j.read(0, 5000), j.firstKey(), 2000);
    }
  }

  @Test
  void journalsWithTheSameSyncIntervalShareOneSyncThread() throws Exception {
    JournalConfig odd = SMALL.withSyncInterval(Duration.ofMillis(37));
    try (Journal a = Journal.open(dir.resolve("a"), odd, "a");
        Journal b = Journal.open(dir.resolve("b"), odd, "b")) {
      a.appendAll(records(1, 10));
      b.appendAll(records(1, 10));
      assertThat(syncThreads("journal-sync-37ms")).isEqualTo(1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> syncThreads("journal-sync-37ms") == 0);
    try (Journal a = Journal.open(dir.resolve("a"), odd, "a")) {
      assertContiguous(a.read(0, 100), 1, 10);
    }
  }

  private static long syncThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(name))
        .count();
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".journal")).count();
    }
  }

  @Test
  void theRecordCountIsABoundToo() throws Exception {
    JournalConfig fewRecords = new JournalConfig(1 << 30, 100, 2 << 10, 64 << 10, false);
    try (Journal j = Journal.open(dir, fewRecords, "t")) {
      j.appendAll(records(1, 1000));
      assertThat(j.recordCount()).isLessThanOrEqualTo(100);
      assertThat(j.recordCount()).isGreaterThan(80);
      assertContiguous(j.read(0, 5000), j.firstKey(), 1000);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 15, 16, 17, 100})
  void aTornTailIsTruncatedOnOpen(int cut) throws Exception {
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      j.appendAll(records(1, 20));
    }
    Path file = onlySegment();
    long size = Files.size(file);
    long lastFrame = Segment.FRAME_HEADER + JournalWriterMain.data(20).length;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size - lastFrame + Math.min(cut, lastFrame - 1));
    }
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      assertThat(j.recoveryDamage()).singleElement().asString().contains("torn");
      assertThat(j.lastKey()).isEqualTo(19);
      assertContiguous(j.read(1, 100), 1, 19);
      assertThat(Files.size(file)).isEqualTo(size - lastFrame);
      j.appendAll(records(20, 30));
    }
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      assertThat(j.recoveryDamage()).isEmpty();
      assertContiguous(j.read(1, 100), 1, 30);
    }
  }

  @Test
  void aFlippedByteDropsTheRecordAndEverythingAfterIt() throws Exception {
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      j.appendAll(records(1, 50));
    }
    Path file = onlySegment();
    long offset = Segment.FILE_HEADER;
    for (long k = 1; k < 30; k++) {
      offset += Segment.FRAME_HEADER + JournalWriterMain.data(k).length;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset + Segment.FRAME_HEADER + 3);
      int b = f.read();
      f.seek(offset + Segment.FRAME_HEADER + 3);
      f.write(b ^ 0x40);
    }
    try (Journal j = Journal.open(dir, JournalConfig.DEFAULT, "t")) {
      assertThat(j.recoveryDamage())
          .singleElement()
          .asString()
          .contains("CRC")
          .contains("offset " + offset)
          .contains(file.getFileName().toString());
      assertContiguous(j.read(1, 100), 1, 29);
    }
  }

  @Test
  void damageInAnOlderSegmentDropsTheLaterSegments() throws Exception {
    JournalConfig small = new JournalConfig(1 << 30, 1 << 30, 4 << 10, 64 << 10, false);
    try (Journal j = Journal.open(dir, small, "t")) {
      j.appendAll(records(1, 100));
    }
    List<Path> files = segments();
    assertThat(files.size()).isGreaterThan(3);
    try (RandomAccessFile f = new RandomAccessFile(files.get(1).toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    try (Journal j = Journal.open(dir, small, "t")) {
      assertThat(j.recoveryDamage()).hasSize(1 + files.size() - 2);
      long last = j.lastKey();
      assertContiguous(j.read(0, 1000), 1, last);
      assertThat(segments()).hasSize(2);
      j.append(last + 1, JournalWriterMain.data(last + 1));
    }
  }

  @Test
  void aFileThatIsNotASegmentIsAnErrorNamingIt() throws Exception {
    Files.createDirectories(dir);
    Path bogus = dir.resolve(Segment.fileName(1));
    Files.writeString(bogus, "hello, world, not a journal");
    assertThatThrownBy(() -> Journal.open(dir, SMALL, "t"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(bogus.getFileName().toString())
        .hasMessageContaining("not a Paceline journal");
  }

  @Test
  void anEmptyOrHeaderlessNewestSegmentIsDiscarded() throws Exception {
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      j.appendAll(records(1, 5));
    }
    Files.write(dir.resolve(Segment.fileName(6)), new byte[] {0x50, 0x4C});
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      assertThat(j.lastKey()).isEqualTo(5);
      assertThat(segments()).hasSize(1);
      j.appendAll(records(6, 8));
      assertContiguous(j.read(1, 10), 1, 8);
    }
  }

  @Test
  void aFollowerWakesUpWhenRecordsArrive() throws Exception {
    try (Journal j = Journal.open(dir, SMALL, "t")) {
      j.appendAll(records(1, 3));
      assertThat(j.awaitAfter(3, Duration.ofMillis(50))).isFalse();
      CompletableFuture<Boolean> waiter =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return j.awaitAfter(3, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return false;
                }
              });
      j.appendAll(records(4, 4));
      assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(j.awaitAfter(2, Duration.ZERO)).isTrue();
    }
  }

  @Test
  void readersSeeOnlyWholeRecordsWhileAWriterAppendsAndPrunes() throws Exception {
    JournalConfig config = new JournalConfig(256 << 10, 1 << 30, 16 << 10, 64 << 10, false);
    try (Journal j = Journal.open(dir, config, "t")) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong checked = new AtomicLong();
      Thread reader =
          new Thread(
              () -> {
                try {
                  long next = 1;
                  while (next <= 5000) {
                    List<JournalRecord> read = j.read(next, 100);
                    if (read.isEmpty()) {
                      j.awaitAfter(next - 1, Duration.ofSeconds(5));
                      continue;
                    }
                    long expect = Math.max(next, read.get(0).key());
                    for (JournalRecord r : read) {
                      assertThat(r.key()).isEqualTo(expect);
                      assertThat(r.data()).isEqualTo(JournalWriterMain.data(r.key()));
                      expect++;
                      checked.incrementAndGet();
                    }
                    next = expect;
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "journal-test-reader");
      reader.start();
      for (long k = 1; k <= 5000; k += 25) {
        j.appendAll(records(k, k + 24));
      }
      reader.join(60_000);
      assertThat(reader.isAlive()).isFalse();
      assertThat(failure.get()).isNull();
      assertThat(checked.get()).isGreaterThan(0);
    }
  }

  @Test
  void operationsOnAClosedJournalFailClearly() throws Exception {
    Journal j = Journal.open(dir, SMALL, "t");
    j.close();
    assertThatThrownBy(() -> j.append(1, new byte[1])).hasMessageContaining("closed");
    assertThatThrownBy(() -> j.read(1, 1)).hasMessageContaining("closed");
    assertThat(j.awaitAfter(0, Duration.ofSeconds(5))).isFalse();
  }

  /**
   * A node killed while appending restarts with every record it confirmed (and possibly the one in
   * flight), nothing torn: a child JVM appends in a loop and is SIGKILLed at a varying point.
   */
  @ParameterizedTest
  @ValueSource(strings = {"false:200", "false:3000", "true:50", "true:400"})
  void aWriterKilledMidAppendLosesNothingItConfirmed(String spec) throws Exception {
    boolean fsync = Boolean.parseBoolean(spec.split(":")[0]);
    long afterKey = Long.parseLong(spec.split(":")[1]);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                JournalWriterMain.class.getName(),
                dir.toString(),
                Boolean.toString(fsync))
            .redirectErrorStream(true)
            .start();
    AtomicLong confirmed = new AtomicLong();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("appended ")) {
                      confirmed.set(Long.parseLong(line.substring(9).trim()));
                    }
                  }
                } catch (IOException e) {
                  // the child is gone
                }
              },
              "writer-output");
      reader.setDaemon(true);
      reader.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.get() >= afterKey);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    long sure = confirmed.get();
    try (Journal j = Journal.open(dir, JournalWriterMain.CONFIG, "t")) {
      assertThat(j.lastKey()).isGreaterThanOrEqualTo(sure);
      assertContiguous(j.read(0, 1_000_000), j.firstKey(), j.lastKey());
      assertThat(j.sizeBytes()).isLessThanOrEqualTo(JournalWriterMain.CONFIG.maxBytes());
      j.append(j.lastKey() + 1, JournalWriterMain.data(j.lastKey() + 1));
    }
  }

  private Path onlySegment() throws IOException {
    List<Path> files = segments();
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
    }
  }
}
