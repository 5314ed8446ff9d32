/**
 * Typed node configuration, as read by the launcher from corosync.conf and paceline.conf and
 * registered as a {@link org.paceline.api.config.NodeConfiguration} service.
 */
@Export
@Version("1.0.0")
package org.paceline.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
