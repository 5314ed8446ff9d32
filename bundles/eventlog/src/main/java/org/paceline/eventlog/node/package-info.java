/** One node's event log: the journal plus the publisher while the node is DC, and its settings. */
package org.paceline.eventlog.node;
