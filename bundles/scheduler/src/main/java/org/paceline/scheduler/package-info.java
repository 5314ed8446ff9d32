/**
 * The scheduler: (configuration, status, membership, quorum, now) in, target placement and a
 * transition graph out. A pure library: no threads, no clock, no I/O.
 */
@Export
@Version("0.1.0")
package org.paceline.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
