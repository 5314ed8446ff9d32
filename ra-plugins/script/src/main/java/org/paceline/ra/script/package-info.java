/**
 * Runs agent scripts and commands in their own process group with an explicit environment, a
 * deadline with SIGTERM-then-SIGKILL escalation and bounded output capture. A plain library: the
 * ocf, lsb and systemd bundles copy it in privately (bnd {@code -conditionalpackage}).
 */
package org.paceline.ra.script;
