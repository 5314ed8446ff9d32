package org.paceline.launcher;

import java.io.IOException;
import java.nio.file.Files;
import org.paceline.api.config.LoggingConfig;

/**
 * Points slf4j-simple at the log file corosync.conf names (or standard error). Must run before the
 * first logger is created.
 */
final class LogSetup {

  private LogSetup() {}

  static void configure(LoggingConfig logging) throws IOException {
    String target = "System.err";
    if (logging.toLogfile() && logging.logfile() != null) {
      Files.createDirectories(logging.logfile().toAbsolutePath().getParent());
      target = logging.logfile().toString();
    }
    set("org.slf4j.simpleLogger.logFile", target);
    set("org.slf4j.simpleLogger.defaultLogLevel", logging.debug() ? "debug" : "info");
    set("org.slf4j.simpleLogger.showDateTime", Boolean.toString(logging.timestamp()));
    set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    set("org.slf4j.simpleLogger.showThreadName", "true");
    set("org.slf4j.simpleLogger.showShortLogName", "true");
    set("org.slf4j.simpleLogger.levelInBrackets", "false");
    set("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
  }

  private static void set(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
