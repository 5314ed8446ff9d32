/**
 * The immutable, typed Cluster Information Base: {@link org.paceline.cib.model.Configuration}
 * (nodes, resources, constraints, properties and defaults), {@link org.paceline.cib.model.Status}
 * (membership, transient attributes, operation history) and {@link
 * org.paceline.cib.model.Versions}, combined in a {@link org.paceline.cib.model.Cib}. Semantics
 * follow Pacemaker 2.1 ("Pacemaker Explained").
 */
@Export
@Version("1.0.0")
package org.paceline.cib.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
