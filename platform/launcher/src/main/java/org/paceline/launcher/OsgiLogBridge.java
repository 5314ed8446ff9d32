package org.paceline.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies entries of the OSGi Log Service (where SCR and FileInstall report, e.g. a broken jar in
 * deploy/) into the node's SLF4J log. The log API's classes belong to the log bundle, not to the
 * launcher's class path, so the listener is a dynamic proxy of the bundle's own {@code LogListener}
 * interface and entries are read reflectively.
 */
final class OsgiLogBridge extends ServiceTracker<Object, Object> {

  private static final String READER = "org.osgi.service.log.LogReaderService";
  private static final String LISTENER = "org.osgi.service.log.LogListener";
  private static final Logger LOG = LoggerFactory.getLogger("osgi");

  private final String node;

  OsgiLogBridge(BundleContext context, String node) {
    super(context, READER, null);
    this.node = node;
  }

  @Override
  public Object addingService(ServiceReference<Object> reference) {
    Object reader = context.getService(reference);
    if (reader == null) {
      return null;
    }
    try {
      Class<?> listenerType = reference.getBundle().loadClass(LISTENER);
      InvocationHandler handler =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "logged" -> logged(args[0]);
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "toString" -> {
                return "paceline-log-bridge";
              }
              default -> {}
            }
            return null;
          };
      Object listener =
          Proxy.newProxyInstance(
              listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
      Method add = reader.getClass().getMethod("addLogListener", listenerType);
      add.setAccessible(true);
      add.invoke(reader, listener);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("node {}: cannot copy the OSGi log into the node log", node, e);
    }
    return reader;
  }

  private void logged(Object entry) {
    try {
      String level = String.valueOf(call(entry, "getLogLevel"));
      // The log service also records every framework, bundle and service event: keep those at
      // debug unless they report a problem.
      if (String.valueOf(call(entry, "getLoggerName")).startsWith("Events.")
          && !level.equals("ERROR")
          && !level.equals("WARN")) {
        level = "DEBUG";
      }
      Object message = call(entry, "getMessage");
      Object error = call(entry, "getException");
      Bundle bundle = (Bundle) call(entry, "getBundle");
      String where = bundle == null ? "" : "[" + bundle.getSymbolicName() + "] ";
      Throwable t = error instanceof Throwable th ? th : null;
      switch (level) {
        case "ERROR" -> LOG.error("node {}: {}{}", node, where, message, t);
        case "WARN" -> LOG.warn("node {}: {}{}", node, where, message, t);
        case "INFO", "AUDIT" -> LOG.info("node {}: {}{}", node, where, message, t);
        default -> LOG.debug("node {}: {}{}", node, where, message, t);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("node {}: unreadable OSGi log entry {}", node, entry, e);
    }
  }

  private static Object call(Object target, String name) throws ReflectiveOperationException {
    Method m = target.getClass().getMethod(name);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
