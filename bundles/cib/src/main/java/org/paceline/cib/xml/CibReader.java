package org.paceline.cib.xml;

import java.util.LinkedHashMap;
import java.util.Map;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Status;
import org.paceline.cib.model.Versions;

/** Reads the {@code <cib>} root: versions, other root attributes, configuration and status. */
final class CibReader {

  /** The schema Paceline's output needs (Promoted/Unpromoted role names): the default. */
  static final String DEFAULT_SCHEMA = "pacemaker-3.7";

  private CibReader() {}

  static Cib read(XmlSource src) throws CibXmlException {
    int line = src.line();
    int col = src.column();
    long[] versions = new long[3];
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < src.attributeCount(); i++) {
      String name = src.attributeName(i);
      String value = src.attributeValue(i);
      src.use(i);
      switch (name) {
        case "admin_epoch" -> versions[0] = version(src, name, value);
        case "epoch" -> versions[1] = version(src, name, value);
        case "num_updates" -> versions[2] = version(src, name, value);
        case "validate-with" -> {
          String schema = schema(value);
          if (schema != null) {
            attributes.put(name, schema);
          }
        }
        default -> attributes.put(name, value);
      }
    }
    src.checkAttributes();
    Configuration configuration = null;
    Status status = null;
    while (src.nextChild()) {
      switch (src.element()) {
        case "configuration" -> {
          if (configuration != null) {
            throw src.error("appears twice");
          }
          configuration = ConfigurationReader.read(src);
        }
        case "status" -> {
          if (status != null) {
            throw src.error("appears twice");
          }
          status = StatusReader.read(src);
        }
        default -> throw src.error("is not allowed in <cib>");
      }
    }
    if (configuration == null) {
      throw new CibXmlException("<cib>: the <configuration> section is missing", line, col, null);
    }
    try {
      return new Cib(
          configuration, status, new Versions(versions[0], versions[1], versions[2]), attributes);
    } catch (IllegalArgumentException e) {
      throw new CibXmlException("<cib>: " + e.getMessage(), line, col, e);
    }
  }

  private static long version(XmlSource src, String name, String value) throws CibXmlException {
    try {
      long v = Long.parseLong(value.trim());
      if (v < 0) {
        throw src.error(name + " must not be negative, got " + value);
      }
      return v;
    } catch (NumberFormatException e) {
      throw src.error(name + " '" + value + "' is not an integer");
    }
  }

  /**
   * The schema to record for {@code validate-with}: {@code null} (meaning the default, {@value
   * #DEFAULT_SCHEMA}) for the default or any older {@code pacemaker-X.Y}, whose spellings the
   * import has converted; any newer or other value as written.
   */
  static String schema(String value) {
    String v = value.trim();
    if (v.startsWith("pacemaker-")) {
      String[] parts = v.substring("pacemaker-".length()).split("\\.");
      if (parts.length == 2) {
        try {
          int major = Integer.parseInt(parts[0]);
          int minor = Integer.parseInt(parts[1]);
          if (major < 3 || (major == 3 && minor <= 7)) {
            return null;
          }
        } catch (NumberFormatException e) {
          return v;
        }
      }
    }
    return v;
  }
}
