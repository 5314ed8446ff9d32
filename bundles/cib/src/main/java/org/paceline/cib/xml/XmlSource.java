package org.paceline.cib.xml;

import java.io.InputStream;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A cursor over a CIB document: a hardened StAX reader (no DTD, no entities, no external access, a
 * size and depth limit) that walks elements one child at a time and checks that every attribute of
 * an element was understood. Comments and processing instructions are skipped; any other content
 * (text, a DOCTYPE, an entity reference) is an error.
 */
final class XmlSource implements AutoCloseable {

  private final XMLStreamReader reader;
  private final int maxDepth;
  private final long maxBytes;
  private final Consumer<String> warnings;
  final Interner interner = new Interner();

  private int depth;
  private String[] open = new String[16];
  private String element;
  private int line;
  private int column;
  private long used;

  private XmlSource(XMLStreamReader reader, XmlLimits limits, Consumer<String> warnings) {
    this.reader = reader;
    this.maxDepth = limits.maxDepth();
    this.maxBytes = limits.maxBytes();
    this.warnings = warnings;
  }

  /** A hardened factory; one per document, since factories are not specified to be thread-safe. */
  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setXMLResolver(
        (publicId, systemId, base, namespace) -> {
          throw new XMLStreamException("external entity '" + systemId + "' refused");
        });
    return f;
  }

  /** A source over {@code in}, positioned before the root element. */
  static XmlSource open(InputStream in, XmlLimits limits, Consumer<String> warnings)
      throws CibXmlException {
    try {
      XMLStreamReader r =
          factory().createXMLStreamReader(new LimitedInputStream(in, limits.maxBytes()));
      return new XmlSource(r, limits, warnings);
    } catch (XMLStreamException e) {
      throw translate(e, limits.maxBytes());
    }
  }

  /** Moves to the root element and checks its name. */
  void root(String expected) throws CibXmlException {
    if (!advance(true)) {
      throw new CibXmlException("the document has no root element", line, column, null);
    }
    if (!element.equals(expected)) {
      throw error("the root element is <" + element + ">, expected <" + expected + ">");
    }
  }

  /** Checks that nothing but comments and white space follows the root element. */
  void end() throws CibXmlException {
    try {
      while (reader.hasNext()) {
        int ev = reader.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          throw error("unexpected element after the root element");
        }
      }
    } catch (XMLStreamException e) {
      throw translate(e, maxBytes);
    }
  }

  /**
   * Moves to the next child element of the current element: true and positioned on its start, or
   * false when the current element ends.
   */
  boolean nextChild() throws CibXmlException {
    return advance(false);
  }

  /** Checks that the current element has no child elements, and moves past its end. */
  void noChildren() throws CibXmlException {
    if (advance(false)) {
      throw error("unexpected element <" + element + ">");
    }
  }

  private boolean advance(boolean root) throws CibXmlException {
    try {
      while (true) {
        int ev = reader.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT:
            element = reader.getLocalName();
            if (depth == open.length) {
              open = java.util.Arrays.copyOf(open, depth * 2);
            }
            open[depth++] = element;
            Location loc = reader.getLocation();
            line = loc.getLineNumber();
            column = loc.getColumnNumber();
            used = 0;
            if (depth > maxDepth) {
              throw error("elements are nested deeper than the limit of " + maxDepth);
            }
            if (reader.getAttributeCount() > 63) {
              throw error("too many attributes (" + reader.getAttributeCount() + ")");
            }
            return true;
          case XMLStreamConstants.END_ELEMENT:
            depth--;
            return false;
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
          case XMLStreamConstants.SPACE:
            if (!reader.isWhiteSpace()) {
              throw errorHere(
                  "unexpected text '" + abbreviate(reader.getText().trim()) + "'" + inside());
            }
            break;
          case XMLStreamConstants.COMMENT:
          case XMLStreamConstants.PROCESSING_INSTRUCTION:
          case XMLStreamConstants.START_DOCUMENT:
            break;
          case XMLStreamConstants.DTD:
            throw errorHere("a DOCTYPE is not allowed in a CIB (no DTDs, no entities)");
          case XMLStreamConstants.ENTITY_REFERENCE:
            throw errorHere(
                "the entity reference &"
                    + reader.getLocalName()
                    + "; is not allowed in a CIB (no DTDs, no entities)");
          case XMLStreamConstants.END_DOCUMENT:
            if (root) {
              return false;
            }
            throw errorHere("unexpected end of the document");
          default:
            throw errorHere("unexpected XML event " + ev);
        }
      }
    } catch (XMLStreamException e) {
      throw translate(e, maxBytes);
    }
  }

  private String inside() {
    return depth > 0 ? " in <" + open[depth - 1] + ">" : " outside the root element";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** The current element's name. */
  String element() {
    return element;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  int attributeCount() {
    return reader.getAttributeCount();
  }

  String attributeName(int i) {
    return reader.getAttributeLocalName(i);
  }

  String attributeValue(int i) {
    return reader.getAttributeValue(i);
  }

  /** Marks attribute {@code i} as understood. */
  void use(int i) {
    used |= 1L << i;
  }

  /** The value of attribute {@code name} of the current element (marked understood), or null. */
  String attr(String name) {
    int n = reader.getAttributeCount();
    for (int i = 0; i < n; i++) {
      if (reader.getAttributeLocalName(i).equals(name)) {
        used |= 1L << i;
        return reader.getAttributeValue(i);
      }
    }
    return null;
  }

  /** Like {@link #attr}, but interned. */
  String iattr(String name) {
    return interner.intern(attr(name));
  }

  /** The value of a required attribute. */
  String required(String name) throws CibXmlException {
    String v = attr(name);
    if (v == null) {
      throw error("attribute '" + name + "' is missing");
    }
    return v;
  }

  /** Fails if the current element has an attribute that was not read. */
  void checkAttributes() throws CibXmlException {
    int n = reader.getAttributeCount();
    for (int i = 0; i < n; i++) {
      if ((used & (1L << i)) == 0) {
        String name = reader.getAttributeLocalName(i);
        String prefix = reader.getAttributePrefix(i);
        if (prefix != null && !prefix.isEmpty()) {
          name = prefix + ":" + name;
        }
        throw error("attribute '" + name + "' is not supported");
      }
    }
  }

  /**
   * Reports something the import dropped because it has no effect (as in Pacemaker), e.g. a second
   * value for a name that a first value already set.
   */
  void warn(String element, int atLine, int atColumn, String message) {
    warnings.accept("line " + atLine + ", column " + atColumn + ": <" + element + ">: " + message);
  }

  /** An error about the current element, at its start tag. */
  CibXmlException error(String message) {
    return new CibXmlException("<" + element + ">: " + message, line, column, null);
  }

  /** An error about the current element caused by a model check. */
  CibXmlException error(IllegalArgumentException e) {
    return new CibXmlException("<" + element + ">: " + e.getMessage(), line, column, e);
  }

  private CibXmlException errorHere(String message) {
    Location loc = reader.getLocation();
    return new CibXmlException(message, loc.getLineNumber(), loc.getColumnNumber(), null);
  }

  static CibXmlException translate(XMLStreamException e, long maxBytes) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof LimitedInputStream.TooLarge) {
        return new CibXmlException(t.getMessage(), -1, -1, e);
      }
    }
    String msg = e.getMessage() == null ? "malformed XML" : e.getMessage();
    int m = msg.indexOf("Message: ");
    if (m >= 0) {
      msg = msg.substring(m + "Message: ".length());
    }
    Location loc = e.getLocation();
    return new CibXmlException(
        "malformed XML: " + msg.trim(),
        loc == null ? -1 : loc.getLineNumber(),
        loc == null ? -1 : loc.getColumnNumber(),
        e);
  }

  private static Throwable next(Throwable t) {
    if (t instanceof XMLStreamException x && x.getNestedException() != null) {
      return x.getNestedException() == t ? null : x.getNestedException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  @Override
  public void close() throws CibXmlException {
    try {
      reader.close();
    } catch (XMLStreamException e) {
      throw translate(e, maxBytes);
    }
  }
}
