package org.paceline.api.config;

import java.nio.file.Path;

/**
 * Logging settings from corosync.conf's {@code logging} section.
 *
 * @param toLogfile {@code to_logfile}
 * @param logfile {@code logfile}, resolved against the configuration directory
 * @param toStderr {@code to_stderr}
 * @param debug {@code debug}: {@code on} logs debug lines
 * @param timestamp {@code timestamp}: prefix lines with the time
 */
public record LoggingConfig(
    boolean toLogfile, Path logfile, boolean toStderr, boolean debug, boolean timestamp) {}
