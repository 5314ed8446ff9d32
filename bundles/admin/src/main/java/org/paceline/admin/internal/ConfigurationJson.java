package org.paceline.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.xml.CibXml;
import org.paceline.cib.xml.CibXmlException;
import org.paceline.cib.xml.XmlLimits;

/**
 * The configuration as JSON: a direct rendering of the {@code <configuration>} element that {@link
 * CibXml} writes (Pacemaker's CIB schema). Every element is an object
 *
 * <pre>{"element": "primitive", "attributes": {"id": "web", "class": "ocf", ...},
 *  "children": [{"element": "instance_attributes", ...}, ...]}</pre>
 *
 * with its attributes in the order written and its children in document order; {@code attributes}
 * and {@code children} are left out when empty. The CIB's configuration holds no text, so this is
 * the whole document. Reading goes the other way (JSON to XML to {@link CibXml#readConfiguration})
 * with the XML importer's checks; what the importer refuses is reported at the JSON path of the
 * element (e.g. {@code $.configuration.children[3].children[0]}). Since the XML importer reads back
 * what the exporter wrote as an equal model, {@code read(write(c))} equals {@code c}.
 */
final class ConfigurationJson {

  /**
   * A configuration read from JSON.
   *
   * @param configuration the configuration
   * @param warnings values dropped because they have no effect (as Pacemaker drops them), each
   *     naming the JSON path of its element
   */
  record Read(Configuration configuration, List<String> warnings) {}

  /** What an element's name and an attribute's name may be. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

  private static final Pattern PLACE = Pattern.compile("^line (\\d+), column (\\d+): ");

  private ConfigurationJson() {}

  /** {@code configuration} as a JSON element tree. */
  static ObjectNode write(Configuration configuration) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      CibXml.writeConfiguration(configuration, out);
      return toJson(out.toByteArray());
    } catch (IOException | XMLStreamException e) {
      throw new IllegalStateException("cannot render the configuration as JSON: " + e, e);
    }
  }

  private static ObjectNode toJson(byte[] xml) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
    try {
      Deque<ObjectNode> open = new ArrayDeque<>();
      ObjectNode root = null;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          ObjectNode e = JsonNodeFactory.instance.objectNode();
          e.put("element", r.getLocalName());
          if (r.getAttributeCount() > 0) {
            ObjectNode attrs = e.putObject("attributes");
            for (int i = 0; i < r.getAttributeCount(); i++) {
              attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
          }
          if (open.isEmpty()) {
            root = e;
          } else {
            ObjectNode parent = open.peek();
            ArrayNode children =
                parent.has("children")
                    ? (ArrayNode) parent.get("children")
                    : parent.putArray("children");
            children.add(e);
          }
          open.push(e);
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          open.pop();
        }
      }
      if (root == null) {
        throw new IllegalStateException("the XML writer wrote no element");
      }
      return root;
    } finally {
      r.close();
    }
  }

  /**
   * Reads a configuration from its JSON element tree.
   *
   * @param root the {@code configuration} element
   * @param path the JSON path of {@code root} in the request, e.g. {@code $.configuration}
   * @throws BadRequest naming the JSON path of the bad element and what is wrong with it
   */
  static Read read(JsonNode root, String path) throws BadRequest {
    Rendering xml = new Rendering();
    xml.element(root, path, 1);
    List<String> warnings = new ArrayList<>();
    try {
      Configuration c =
          CibXml.readConfiguration(
              new ByteArrayInputStream(xml.text.toString().getBytes(StandardCharsets.UTF_8)),
              XmlLimits.DEFAULT,
              w -> warnings.add(xml.locate(w)));
      return new Read(c, List.copyOf(warnings));
    } catch (CibXmlException e) {
      throw new BadRequest(xml.locate(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(path + ": " + e.getMessage());
    }
  }

  /** The XML text of a JSON element tree and, for each of its lines, the JSON path it came from. */
  private static final class Rendering {
    final StringBuilder text = new StringBuilder();
    final List<String> lines = new ArrayList<>();

    void element(JsonNode e, String path, int depth) throws BadRequest {
      if (e == null || !e.isObject()) {
        throw new BadRequest(
            path
                + ": an element must be an object {\"element\": name, \"attributes\": {...},"
                + " \"children\": [...]}, not "
                + kind(e));
      }
      if (depth > XmlLimits.DEFAULT.maxDepth()) {
        throw new BadRequest(
            path
                + ": elements are nested deeper than the limit of "
                + XmlLimits.DEFAULT.maxDepth());
      }
      for (Map.Entry<String, JsonNode> f : e.properties()) {
        if (!List.of("element", "attributes", "children").contains(f.getKey())) {
          throw new BadRequest(
              path
                  + ": unknown field '"
                  + f.getKey()
                  + "' (an element has element, attributes, children)");
        }
      }
      JsonNode name = e.get("element");
      if (name == null || !name.isTextual()) {
        throw new BadRequest(path + ".element: the element's name (a string) is missing");
      }
      if (!NAME.matcher(name.asText()).matches()) {
        throw new BadRequest(path + ".element: '" + name.asText() + "' is not an element name");
      }
      String label = path + describe(e.get("attributes"));
      if (text.length() > 0) {
        text.append('\n');
      }
      lines.add(label);
      text.append('<').append(name.asText());
      JsonNode attrs = e.get("attributes");
      if (attrs != null && !attrs.isNull()) {
        if (!attrs.isObject()) {
          throw new BadRequest(
              path + ".attributes: must be an object of names and values, not " + kind(attrs));
        }
        for (Map.Entry<String, JsonNode> a : attrs.properties()) {
          String at = path + ".attributes" + key(a.getKey());
          if (!NAME.matcher(a.getKey()).matches()) {
            throw new BadRequest(at + ": '" + a.getKey() + "' is not an attribute name");
          }
          JsonNode v = a.getValue();
          if (!(v.isTextual() || v.isIntegralNumber() || v.isBoolean())) {
            throw new BadRequest(at + ": the value must be a string, not " + kind(v));
          }
          text.append(' ').append(a.getKey()).append("=\"");
          escape(v.asText(), at);
          text.append('"');
        }
      }
      JsonNode children = e.get("children");
      if (children == null || children.isNull() || children.isEmpty()) {
        if (children != null && !children.isNull() && !children.isArray()) {
          throw new BadRequest(
              path + ".children: must be an array of elements, not " + kind(children));
        }
        text.append("/>");
        return;
      }
      if (!children.isArray()) {
        throw new BadRequest(
            path + ".children: must be an array of elements, not " + kind(children));
      }
      text.append('>');
      for (int i = 0; i < children.size(); i++) {
        element(children.get(i), path + ".children[" + i + "]", depth + 1);
      }
      text.append('\n');
      lines.add(label);
      text.append("</").append(name.asText()).append('>');
    }

    private void escape(String value, String at) throws BadRequest {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '&' -> text.append("&amp;");
          case '<' -> text.append("&lt;");
          case '>' -> text.append("&gt;");
          case '"' -> text.append("&quot;");
          case '\t' -> text.append("&#9;");
          case '\n' -> text.append("&#10;");
          case '\r' -> text.append("&#13;");
          default -> {
            boolean pair =
                Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
              text.append(c).append(value.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
              throw new BadRequest(
                  at
                      + String.format(
                          ": the value holds character U+%04X, which XML 1.0 cannot carry",
                          (int) c));
            } else {
              text.append(c);
            }
          }
        }
      }
    }

    /**
     * {@code message} of the XML importer ({@code line L, column C: ...}) with the place replaced
     * by the JSON path of the element on that line.
     */
    String locate(String message) {
      Matcher m = PLACE.matcher(message);
      if (!m.find()) {
        return lines.isEmpty() ? message : lines.get(0) + ": " + message;
      }
      int line = Integer.parseInt(m.group(1));
      String where = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "line " + line;
      return where + ": " + message.substring(m.end());
    }
  }

  /** {@code " (id 'web')"} when the element has an id, else empty. */
  private static String describe(JsonNode attrs) {
    JsonNode id = attrs == null ? null : attrs.get("id");
    return id != null && id.isTextual() ? " (id '" + id.asText() + "')" : "";
  }

  private static String key(String name) {
    return NAME.matcher(name).matches() && !name.contains(":")
        ? "." + name
        : "['" + name.replace("'", "\\'") + "']";
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isNumber()) {
      return "a number (" + n + ")";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
