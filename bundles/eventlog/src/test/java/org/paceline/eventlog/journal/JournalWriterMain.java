package org.paceline.eventlog.journal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for the crash test: appends batches of records to a journal forever and prints
 * {@code appended <lastKey>} after each append returns. Arguments: directory, fsync (true/false).
 */
public final class JournalWriterMain {

  /** Small segments so the child also rolls and prunes while it is killed. */
  static final JournalConfig CONFIG = new JournalConfig(1 << 20, 100_000, 64 << 10, 1 << 20, false);

  private JournalWriterMain() {}

  /** The bytes of record {@code key}: 50..1049 bytes derived from the key. */
  static byte[] data(long key) {
    int n = 50 + (int) (key * 7919 % 1000);
    byte[] b = new byte[n];
    byte[] k = Long.toString(key).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < n; i++) {
      b[i] = k[i % k.length];
    }
    return b;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JournalConfig config = CONFIG.withFsync(Boolean.parseBoolean(args[1]));
    try (Journal j = Journal.open(Path.of(args[0]), config, "child")) {
      long key = j.lastKey();
      for (int round = 0; ; round++) {
        List<JournalRecord> batch = new ArrayList<>();
        for (int i = 0; i < 1 + round % 17; i++) {
          key++;
          batch.add(new JournalRecord(key, data(key)));
        }
        j.appendAll(batch);
        out.println("appended " + key);
      }
    }
  }
}
