/** The fencer: which devices can fence a node, in which order, and what happened. */
package org.paceline.fencer;
