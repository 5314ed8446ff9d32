/** Paceline fencing plugin: process. */
package org.paceline.fencing.process;
