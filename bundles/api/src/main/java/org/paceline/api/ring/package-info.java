/**
 * The ring's service to other bundles: agreed-order group messaging with views, like Corosync's
 * CPG, over the UDP token ring.
 */
@Export
@Version("1.1.0")
package org.paceline.api.ring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
