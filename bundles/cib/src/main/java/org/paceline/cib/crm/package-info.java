/**
 * The crmsh {@code crm configure} language: {@link org.paceline.cib.crm.CrmParser} reads text into
 * a {@link org.paceline.cib.model.Configuration} or single {@link
 * org.paceline.cib.crm.CrmStatement}s, {@link org.paceline.cib.crm.CrmPrinter} writes it back
 * canonically, and {@link org.paceline.cib.crm.ConfigurationEditor} applies statements and
 * deletions to a configuration.
 */
@Export
@Version("1.0.0")
package org.paceline.cib.crm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
