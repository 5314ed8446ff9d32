/** Paceline LSB init-script resource agents. */
package org.paceline.ra.lsb;
