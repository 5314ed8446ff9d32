/** Paceline executor: runs agent operations on this node. */
package org.paceline.executor;
