package org.paceline.eventlog.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One journal record: its key (for the event journal, the event's sequence number) and its bytes.
 */
public record JournalRecord(long key, byte[] data) {

  public JournalRecord {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JournalRecord r && r.key == key && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(key) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "JournalRecord[key=" + key + ", " + data.length + " bytes]";
  }
}
