/**
 * The CIB as a service: read the current replica, propose changes that every node applies in ring
 * order, and listen to applied changes. Registered by the cib bundle; used by the admin API, the
 * controller and the event log.
 */
@Export
@Version("1.1.0")
package org.paceline.cib.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
