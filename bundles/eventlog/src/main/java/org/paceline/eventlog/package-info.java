/**
 * The event log's model: one cluster {@link org.paceline.eventlog.Event} with its cluster-wide
 * sequence number, the event types and their payloads, and the JSON codec. The journal and the
 * Kafka publisher live in private packages.
 */
@Export
@Version("1.0.0")
package org.paceline.eventlog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
