/**
 * {@code configure verify}: {@link org.paceline.cib.validate.ConfigurationValidator} checks a
 * {@link org.paceline.cib.model.Configuration} (or crm text) and returns sorted {@link
 * org.paceline.cib.validate.Finding}s.
 */
@Export
@Version("1.0.0")
package org.paceline.cib.validate;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
