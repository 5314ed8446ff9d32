/**
 * The fence-agent SPI: a plugin bundle registers one {@link org.paceline.api.fencing.FenceAgent}
 * service per agent it offers.
 */
@Export
@Version("1.0.0")
package org.paceline.api.fencing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
