/** The replicated numbering of events over the ring group {@code events}. */
package org.paceline.eventlog.relay;
