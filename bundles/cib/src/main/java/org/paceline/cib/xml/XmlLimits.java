package org.paceline.cib.xml;

/**
 * Bounds on what {@link CibXml} reads, so that hostile or broken input fails fast.
 *
 * @param maxBytes the largest document accepted, in bytes
 * @param maxDepth the deepest element nesting accepted
 */
public record XmlLimits(long maxBytes, int maxDepth) {

  /** 512 MiB and 64 levels: room for a 32-node, 10,000-resource CIB with its history. */
  public static final XmlLimits DEFAULT = new XmlLimits(512L * 1024 * 1024, 64);

  public XmlLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (maxDepth < 4) {
      throw new IllegalArgumentException("maxDepth must be at least 4, got " + maxDepth);
    }
  }

  /** These limits with another size limit. */
  public XmlLimits withMaxBytes(long bytes) {
    return new XmlLimits(bytes, maxDepth);
  }
}
