/** Agent metadata shared by resource agents and fence agents (the OCF meta-data model). */
@Export
@Version("1.0.0")
package org.paceline.api.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
