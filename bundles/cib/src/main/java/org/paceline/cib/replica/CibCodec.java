package org.paceline.cib.replica;

import java.io.IOException;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;

/**
 * Turns a CIB into bytes and back. {@link #encode} must be canonical: equal CIBs give identical
 * bytes, so replicas compare digests of it and the durable file is the same on every node.
 */
public interface CibCodec {

  /** The canonical bytes of {@code cib}. */
  byte[] encode(Cib cib);

  /**
   * Reads a CIB from {@code bytes}.
   *
   * @throws IOException naming what is wrong and where
   */
  Cib decode(byte[] bytes) throws IOException;

  /** The canonical bytes of a configuration alone. */
  byte[] encodeConfiguration(Configuration configuration);

  /**
   * Reads a configuration from {@code bytes}.
   *
   * @throws IOException naming what is wrong and where
   */
  Configuration decodeConfiguration(byte[] bytes) throws IOException;
}
