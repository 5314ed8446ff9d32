package org.paceline.cib.xml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.paceline.cib.model.Cib;
import org.paceline.cib.model.Configuration;

/**
 * Pacemaker CIB XML import and export.
 *
 * <p><b>Reading</b> accepts what Pacemaker 2 and 3 write: {@code stonith-*} and {@code fencing-*}
 * cluster options (stored under the Pacemaker 3 names), Master/Slave and Promoted/Unpromoted roles,
 * {@code <master>} (read as a promotable {@code <clone>}), templates (resolved into their
 * primitives), tags, fencing topology, rule-conditioned property and default sets, and the status
 * section with every attribute of the operation history. The parser is hardened: a DOCTYPE, an
 * entity reference or any external access is refused, and the size and nesting are bounded by
 * {@link XmlLimits}. Anything the model cannot represent (an unknown element or attribute, a {@code
 * <bundle>}, ACLs, alerts, tickets, id-refs, rules inside a resource's attributes) is an error
 * naming the element, line and column — never silently dropped. Not kept: XML comments, the ids of
 * nvpairs, attribute sets, operations and expressions (the writer makes new ones), and what has no
 * effect in Pacemaker either (a later value for a name already set, the score of a nested rule),
 * which is reported to the warnings consumer. Reading is a pure function: on error nothing is
 * returned and nothing changes.
 *
 * <p><b>Writing</b> is canonical, so the same model always gives byte-identical XML (usable for
 * digests): UTF-8, fixed element and attribute order, name/value maps sorted by name, and the ids
 * the model does not keep (nvpairs, attribute sets, operations, expressions) made from their
 * context. It uses Pacemaker 3 spellings by default (fencing-enabled, Promoted/Unpromoted,
 * promotable clones; {@link Dialect#PACEMAKER_2_1} writes stonith-enabled instead) and writes
 * {@code validate-with} (default {@value #DEFAULT_SCHEMA}; an older one read is raised to it),
 * {@code admin_epoch}, {@code epoch} and {@code num_updates}. Reading what was written gives an
 * equal model.
 */
public final class CibXml {

  /**
   * The schema written when the CIB records none or an older one: the oldest with the Promoted and
   * Unpromoted role names, which Pacemaker 2.1 and 3 both accept.
   */
  public static final String DEFAULT_SCHEMA = CibReader.DEFAULT_SCHEMA;

  private CibXml() {}

  /**
   * Reads a whole CIB ({@code <cib>} root) from {@code in}; the stream is not closed.
   *
   * @param warnings receives a message (with line and column) for each value dropped because it has
   *     no effect, as in Pacemaker: the second value of a name in a set, or a value that a set of
   *     higher precedence overrides
   */
  public static Cib read(InputStream in, XmlLimits limits, Consumer<String> warnings)
      throws CibXmlException {
    try (XmlSource src = XmlSource.open(in, limits, warnings)) {
      src.root("cib");
      Cib cib = CibReader.read(src);
      src.end();
      return cib;
    }
  }

  /** Reads a whole CIB, ignoring warnings. */
  public static Cib read(InputStream in, XmlLimits limits) throws CibXmlException {
    return read(in, limits, w -> {});
  }

  /** Reads a whole CIB with the {@linkplain XmlLimits#DEFAULT default limits}. */
  public static Cib read(InputStream in) throws CibXmlException {
    return read(in, XmlLimits.DEFAULT);
  }

  /**
   * Reads a whole CIB from a file.
   *
   * @throws CibXmlException for a bad document (the message starts with the file name)
   * @throws IOException if the file cannot be read
   */
  public static Cib read(Path file, XmlLimits limits) throws IOException {
    return read(file, limits, w -> {});
  }

  /**
   * Reads a whole CIB from a file, reporting warnings (see {@link #read(InputStream, XmlLimits,
   * Consumer)}).
   */
  public static Cib read(Path file, XmlLimits limits, Consumer<String> warnings)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, limits, warnings);
    } catch (CibXmlException e) {
      throw e.in(file.toString());
    }
  }

  /** Reads just a configuration ({@code <configuration>} root). */
  public static Configuration readConfiguration(InputStream in, XmlLimits limits)
      throws CibXmlException {
    return readConfiguration(in, limits, w -> {});
  }

  /** Reads just a configuration, reporting warnings. */
  public static Configuration readConfiguration(
      InputStream in, XmlLimits limits, Consumer<String> warnings) throws CibXmlException {
    try (XmlSource src = XmlSource.open(in, limits, warnings)) {
      src.root("configuration");
      Configuration c = ConfigurationReader.read(src);
      src.end();
      return c;
    }
  }

  /**
   * Writes {@code cib} as canonical XML in Pacemaker 3 spellings; the stream is flushed, not
   * closed.
   *
   * @throws IllegalArgumentException if a value holds a character XML 1.0 cannot carry
   */
  public static void write(Cib cib, OutputStream out) throws IOException {
    write(cib, out, Dialect.PACEMAKER_3);
  }

  /**
   * Writes {@code cib} as canonical XML in the given dialect; the stream is flushed, not closed.
   */
  public static void write(Cib cib, OutputStream out, Dialect dialect) throws IOException {
    XmlSink sink = new XmlSink(out);
    sink.start("cib");
    sink.attr("validate-with", cib.validateWith().orElse(DEFAULT_SCHEMA));
    sink.attr("admin_epoch", cib.versions().adminEpoch());
    sink.attr("epoch", cib.versions().epoch());
    sink.attr("num_updates", cib.versions().numUpdates());
    for (var e : new java.util.TreeMap<>(cib.attributes()).entrySet()) {
      if (!e.getKey().equals("validate-with")) {
        sink.dataAttr(e.getKey(), e.getValue());
      }
    }
    ConfigurationWriter.write(cib.configuration(), sink, dialect);
    StatusWriter.write(cib.status(), sink);
    sink.end();
    sink.finish();
  }

  /** Writes just a configuration ({@code <configuration>} root), canonically, Pacemaker 3. */
  public static void writeConfiguration(Configuration configuration, OutputStream out)
      throws IOException {
    writeConfiguration(configuration, out, Dialect.PACEMAKER_3);
  }

  /** Writes just a configuration ({@code <configuration>} root), canonically. */
  public static void writeConfiguration(
      Configuration configuration, OutputStream out, Dialect dialect) throws IOException {
    XmlSink sink = new XmlSink(out);
    ConfigurationWriter.write(configuration, sink, dialect);
    sink.finish();
  }

  /** {@link #write} into a byte array. */
  public static byte[] toBytes(Cib cib) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(cib, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }
}
