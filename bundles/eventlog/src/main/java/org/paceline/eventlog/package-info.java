/** The event log: every cluster event once, in order; a local journal and a Kafka topic. */
package org.paceline.eventlog;
