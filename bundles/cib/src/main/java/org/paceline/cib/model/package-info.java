/**
 * The immutable, typed Cluster Information Base: {@link org.paceline.cib.model.Configuration}
 * (nodes, resources, templates, tags, constraints, fencing topology, properties and defaults, and
 * their rule-conditioned sets), {@link org.paceline.cib.model.Status} (membership, transient
 * attributes, operation history) and {@link org.paceline.cib.model.Versions}, combined in a {@link
 * org.paceline.cib.model.Cib}. {@link org.paceline.cib.model.RuleEvaluator} evaluates rules as a
 * pure function; {@link org.paceline.cib.model.ClusterOptions} types the cluster options. Semantics
 * follow Pacemaker 2.1 ("Pacemaker Explained"), with Pacemaker 3's names.
 */
@Export
@Version("1.1.0")
package org.paceline.cib.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
