/**
 * The resource-agent SPI: a plugin bundle registers one {@link org.paceline.api.ra.ResourceAgent}
 * service per agent it offers.
 */
@Export
@Version("1.1.0")
package org.paceline.api.ra;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
