package org.paceline.launcher;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.LoggerFactory;

/** Sends the Felix framework's own log lines to SLF4J (so to the node's log file). */
final class FelixLogBridge extends Logger {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("org.apache.felix.framework");

  @Override
  @SuppressWarnings("rawtypes") // Felix declares the raw type
  protected void doLog(
      Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
    String where = bundle == null ? "" : "[" + bundle.getSymbolicName() + "] ";
    switch (level) {
      case LOG_ERROR -> LOG.error("{}{}", where, msg, throwable);
      case LOG_WARNING -> LOG.warn("{}{}", where, msg, throwable);
      case LOG_INFO -> LOG.info("{}{}", where, msg, throwable);
      default -> LOG.debug("{}{}", where, msg, throwable);
    }
  }
}
