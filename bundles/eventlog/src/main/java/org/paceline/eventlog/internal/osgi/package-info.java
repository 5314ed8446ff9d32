/** The Declarative Services component that registers this node's event log. */
package org.paceline.eventlog.internal.osgi;
