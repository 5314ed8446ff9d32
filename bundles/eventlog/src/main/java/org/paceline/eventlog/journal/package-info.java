/**
 * The on-disk journals: {@link org.paceline.eventlog.journal.Journal} (append-only, bounded,
 * CRC-framed segment files, torn tails cut off on open), the node's {@link
 * org.paceline.eventlog.journal.EventJournal} of numbered events and its {@link
 * org.paceline.eventlog.journal.DraftJournal} of events not yet numbered.
 */
package org.paceline.eventlog.journal;
