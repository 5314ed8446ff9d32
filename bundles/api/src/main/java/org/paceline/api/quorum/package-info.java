/** Quorum as votequorum computes it, reported in ring view order. */
@Export
@Version("1.0.0")
package org.paceline.api.quorum;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
