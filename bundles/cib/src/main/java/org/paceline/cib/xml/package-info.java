/**
 * Pacemaker CIB XML import and export: {@link org.paceline.cib.xml.CibXml} reads a CIB
 * (configuration and status) written by Pacemaker 2 or 3 into the model of {@link
 * org.paceline.cib.model}, and writes the model back as canonical XML in Pacemaker 3 spellings.
 */
@Export
@Version("1.0.0")
package org.paceline.cib.xml;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
