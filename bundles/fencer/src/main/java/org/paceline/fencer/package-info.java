/**
 * The fencer: which devices can fence a node ({@link org.paceline.fencer.Devices}, {@link
 * org.paceline.fencer.DeviceRegistry}), in which order ({@link org.paceline.fencer.FencingPlan}),
 * carrying it out ({@link org.paceline.fencer.Fencer}) and what happened ({@link
 * org.paceline.fencer.FencingOutcome}, {@link org.paceline.fencer.FencingHistory}). Other bundles
 * use the {@link org.paceline.fencer.FencerService} the fencer bundle registers. Semantics follow
 * Pacemaker 2.1's fencer ("Pacemaker Explained", fencing chapter).
 */
@Export
@Version("1.0.0")
package org.paceline.fencer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
