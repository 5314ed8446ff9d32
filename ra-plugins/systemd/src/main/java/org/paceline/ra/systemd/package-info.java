/** Paceline systemd unit resource agents. */
package org.paceline.ra.systemd;
