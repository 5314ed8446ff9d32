/** Paceline OCF resource agents (scripts under an OCF root). */
package org.paceline.ra.ocf;
