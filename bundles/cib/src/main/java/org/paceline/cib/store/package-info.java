/** The CIB on each node's disk: one file, written atomically (write, fsync, rename). */
package org.paceline.cib.store;
