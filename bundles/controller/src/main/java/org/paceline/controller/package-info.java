/**
 * The controller's service: which node is the designated controller (DC) of this partition, and
 * what its transition engine is doing.
 */
@Export
@Version("0.1.0")
package org.paceline.controller;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
