package org.paceline.cib.replica;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.XmlLimits;

/**
 * The CIB as canonical Pacemaker XML ({@link CibXml}): the durable file, the snapshot replicas send
 * each other, and the input of the digest they compare.
 */
public final class XmlCibCodec implements CibCodec {

  @Override
  public byte[] encode(Cib cib) {
    return CibXml.toBytes(cib);
  }

  @Override
  public Cib decode(byte[] bytes) throws IOException {
    return CibXml.read(new ByteArrayInputStream(bytes), XmlLimits.DEFAULT);
  }

  @Override
  public byte[] encodeConfiguration(Configuration configuration) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      CibXml.writeConfiguration(configuration, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public Configuration decodeConfiguration(byte[] bytes) throws IOException {
    return CibXml.readConfiguration(new ByteArrayInputStream(bytes), XmlLimits.DEFAULT);
  }
}
