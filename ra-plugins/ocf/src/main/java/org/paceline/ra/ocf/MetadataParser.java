package org.paceline.ra.ocf;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.paceline.api.agent.ActionSpec;
import org.paceline.api.agent.AgentMetadata;
import org.paceline.api.agent.ParameterSpec;

/**
 * Reads OCF 1.1 meta-data XML into {@link AgentMetadata}.
 *
 * <p>The parser is hardened for text from any script: DTDs are not processed (the usual {@code
 * <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">} is skipped, never fetched), external entities
 * are refused, and an entity the document declares itself is an error; nesting is limited.
 */
public final class MetadataParser {

  private static final int MAX_DEPTH = 32;
  private static final Pattern TIME =
      Pattern.compile(
          "(\\d{1,12})\\s*(ms|msec|us|usec|s|sec|m|min|h|hr)?", Pattern.CASE_INSENSITIVE);

  private MetadataParser() {}

  /** A parsed element: its name, attributes, child elements and text. */
  private record Element(
      String name, Map<String, String> attributes, List<Element> children, StringBuilder text) {

    Element child(String childName) {
      for (Element c : children) {
        if (c.name.equals(childName)) {
          return c;
        }
      }
      return null;
    }

    List<Element> all(String childName) {
      List<Element> out = new ArrayList<>();
      for (Element c : children) {
        if (c.name.equals(childName)) {
          out.add(c);
        }
      }
      return out;
    }

    String attr(String attrName) {
      return attributes.get(attrName);
    }
  }

  /**
   * Parses {@code xml}.
   *
   * @param fallbackName the name to use when {@code <resource-agent>} has no {@code name}
   * @throws MetadataException naming what is wrong (not XML, wrong root element, ...)
   */
  public static AgentMetadata parse(String xml, String fallbackName) throws MetadataException {
    if (xml == null || xml.isBlank()) {
      throw new MetadataException("the agent printed no meta-data");
    }
    Element root = read(xml);
    if (!"resource-agent".equals(root.name())) {
      throw new MetadataException(
          "meta-data root element is <" + root.name() + ">, expected <resource-agent>");
    }
    String name = blankToNull(root.attr("name"));
    String version = blankToNull(root.attr("version"));
    List<ParameterSpec> parameters = new ArrayList<>();
    Element params = root.child("parameters");
    if (params != null) {
      for (Element p : params.all("parameter")) {
        String pname = blankToNull(p.attr("name"));
        if (pname == null) {
          throw new MetadataException("a <parameter> in the meta-data has no name");
        }
        Element content = p.child("content");
        parameters.add(
            new ParameterSpec(
                pname,
                content == null ? null : blankToNull(content.attr("type")),
                content == null ? null : content.attr("default"),
                isTrue(p.attr("required")),
                isTrue(p.attr("unique")),
                oneLine(description(p, "shortdesc")),
                description(p, "longdesc")));
      }
    }
    List<ActionSpec> actions = new ArrayList<>();
    Element acts = root.child("actions");
    if (acts != null) {
      for (Element a : acts.all("action")) {
        String aname = blankToNull(a.attr("name"));
        if (aname == null) {
          throw new MetadataException("an <action> in the meta-data has no name");
        }
        actions.add(
            new ActionSpec(
                aname,
                time(a.attr("timeout")),
                time(a.attr("interval")),
                depth(a.attr("depth")),
                role(a.attr("role"))));
      }
    }
    return new AgentMetadata(
        name == null ? fallbackName : name,
        version == null ? "" : version,
        oneLine(description(root, "shortdesc")),
        description(root, "longdesc"),
        parameters,
        actions);
  }

  private static Element read(String xml) throws MetadataException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("refusing to load external entity " + systemId);
        });
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new StringReader(xml));
      Deque<Element> open = new ArrayDeque<>();
      Element root = null;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (open.size() >= MAX_DEPTH) {
              throw new MetadataException("meta-data nests deeper than " + MAX_DEPTH + " levels");
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < reader.getAttributeCount(); i++) {
              attrs.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            }
            Element e =
                new Element(reader.getLocalName(), attrs, new ArrayList<>(), new StringBuilder());
            if (open.isEmpty()) {
              root = e;
            } else {
              open.peek().children().add(e);
            }
            open.push(e);
          }
          case XMLStreamConstants.END_ELEMENT -> open.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!open.isEmpty()) {
              open.peek().text().append(reader.getText());
            }
          }
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw new MetadataException(
                  "meta-data uses entity '&" + reader.getLocalName() + ";', which is not allowed");
          default -> {
            // DTD, comments, processing instructions, whitespace: ignored
          }
        }
      }
      if (root == null) {
        throw new MetadataException("meta-data has no root element");
      }
      return root;
    } catch (XMLStreamException e) {
      Location at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
      throw new MetadataException(
          "meta-data is not well-formed XML" + where + ": " + message(e), e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing held
        }
      }
    }
  }

  private static String message(XMLStreamException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int idx = m.indexOf("Message: ");
    return (idx >= 0 ? m.substring(idx + 9) : m).trim();
  }

  /** The description in English (or without a language), else the first one. */
  private static String description(Element parent, String tag) {
    List<Element> all = parent.all(tag);
    Element pick = null;
    for (Element e : all) {
      String lang = e.attr("lang");
      if (lang == null || lang.toLowerCase(Locale.ROOT).startsWith("en")) {
        pick = e;
        break;
      }
    }
    if (pick == null && !all.isEmpty()) {
      pick = all.get(0);
    }
    return pick == null ? "" : pick.text().toString().strip();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static boolean isTrue(String v) {
    if (v == null) {
      return false;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    return s.equals("1") || s.equals("true") || s.equals("yes");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * An OCF time value as Pacemaker reads it: a number with an optional unit (ms, s, m, h, ...); a
   * plain number is seconds. {@code null} when absent or unreadable.
   */
  static Duration time(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    Matcher m = TIME.matcher(v.strip());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms", "msec" -> Duration.ofMillis(n);
      case "us", "usec" -> Duration.ofNanos(n * 1000);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h", "hr" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static int depth(String v) {
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The role with the names Pacemaker 2.1 uses ({@code Master} and {@code Slave} renamed). */
  private static String role(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    return switch (v.strip()) {
      case "Master" -> "Promoted";
      case "Slave" -> "Unpromoted";
      default -> v.strip();
    };
  }
}
