package org.paceline.fencing.external;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Reads the XML a fence agent prints for {@code -o metadata} (or {@code action=metadata}): a {@code
 * <resource-agent name=".." shortdesc="..">} root with {@code <parameters>} and {@code <actions>},
 * as fence-agents write it.
 *
 * <p>Adjusted for use in a cluster, as Pacemaker does: {@code action}, {@code plug}, {@code port}
 * and {@code nodename} are never required (the cluster supplies them per request); of a deprecated
 * parameter and the one that replaces it ({@code obsoletes="..."}), neither is required (either
 * name satisfies the agent) and the deprecated one says so in its description. Content types other
 * than string, integer, boolean and select (fence-agents' {@code second}) read as string.
 *
 * <p>Hardened for text from any program: no DTD processing, no external entities, an entity the
 * document declares itself is an error, nesting is limited.
 */
public final class FenceMetadataParser {

  private static final int MAX_DEPTH = 32;
  private static final Set<String> SUPPLIED_BY_CLUSTER =
      Set.of("action", FenceMetadata.PLUG, FenceMetadata.PORT, "nodename");
  private static final Set<String> TYPES = Set.of("string", "integer", "boolean", "select");

  private FenceMetadataParser() {}

  private record Element(
      String name, Map<String, String> attributes, List<Element> children, StringBuilder text) {

    Element child(String childName) {
      return children.stream().filter(c -> c.name.equals(childName)).findFirst().orElse(null);
    }

    List<Element> all(String childName) {
      return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    String attr(String attrName) {
      return attributes.get(attrName);
    }
  }

  /**
   * Parses {@code xml}.
   *
   * @param agentName the agent's name as configured (its file name); the result carries this name
   *     whatever the root element says, and a {@code <symlink name="agentName" shortdesc="..">}
   *     entry (fence-agents' way of describing one script installed under several names) gives its
   *     short description
   * @throws FenceMetadataException naming what is wrong (no output, not XML, wrong root, ...)
   */
  public static FenceMetadata parse(String xml, String agentName) throws FenceMetadataException {
    if (xml == null || xml.isBlank()) {
      throw new FenceMetadataException("the agent printed no meta-data");
    }
    Element root = read(xml);
    if (!"resource-agent".equals(root.name())) {
      throw new FenceMetadataException(
          "meta-data root element is <" + root.name() + ">, expected <resource-agent>");
    }
    List<Element> params = new ArrayList<>();
    Element paramsElement = root.child("parameters");
    if (paramsElement != null) {
      params.addAll(paramsElement.all("parameter"));
    }
    Map<String, String> replacedBy = new HashMap<>(); // deprecated name -> its replacement
    Set<String> names = new HashSet<>();
    for (Element p : params) {
      String pname = blankToNull(p.attr("name"));
      if (pname == null) {
        throw new FenceMetadataException("a <parameter> in the meta-data has no name");
      }
      names.add(pname);
      String obsoletes = blankToNull(p.attr("obsoletes"));
      if (obsoletes != null) {
        replacedBy.put(obsoletes, pname);
      }
    }
    Map<String, String> replaces = new HashMap<>();
    replacedBy.forEach(
        (old, now) -> {
          if (names.contains(old)) {
            replaces.put(now, old);
          }
        });
    List<ParameterSpec> parameters = new ArrayList<>();
    for (Element p : params) {
      parameters.add(parameter(p, replacedBy, replaces));
    }
    List<ActionSpec> actions = new ArrayList<>();
    boolean automatic = false;
    boolean onTarget = false;
    Element acts = root.child("actions");
    if (acts != null) {
      for (Element a : acts.all("action")) {
        String aname = blankToNull(a.attr("name"));
        if (aname == null) {
          throw new FenceMetadataException("an <action> in the meta-data has no name");
        }
        actions.add(ActionSpec.of(aname, null));
        if ("on".equals(aname)) {
          automatic |= isTrue(a.attr("automatic"));
          onTarget |= isTrue(a.attr("on_target"));
        }
      }
    }
    String version = blankToNull(root.attr("version"));
    String shortdesc = blankToNull(root.attr("shortdesc"));
    for (Element link : root.all("symlink")) {
      String alias = blankToNull(link.attr("shortdesc"));
      if (agentName.equals(link.attr("name")) && alias != null) {
        shortdesc = alias;
      }
    }
    AgentMetadata agent =
        new AgentMetadata(
            agentName,
            version == null ? "" : version,
            oneLine(shortdesc != null ? shortdesc : description(root, "shortdesc")),
            description(root, "longdesc"),
            parameters,
            actions);
    return new FenceMetadata(agent, automatic, onTarget);
  }

  private static ParameterSpec parameter(
      Element p, Map<String, String> replacedBy, Map<String, String> replaces) {
    String name = p.attr("name").strip();
    Element content = p.child("content");
    String type = content == null ? null : blankToNull(content.attr("type"));
    if (type != null && !TYPES.contains(type.toLowerCase(Locale.ROOT))) {
      type = "string";
    }
    boolean required = isTrue(p.attr("required"));
    boolean deprecated = isTrue(p.attr("deprecated"));
    String shortdesc = oneLine(description(p, "shortdesc"));
    String longdesc = description(p, "longdesc");
    if (SUPPLIED_BY_CLUSTER.contains(name)) {
      required = false;
      longdesc = append(longdesc, "Supplied by the cluster with each request.");
    }
    if (deprecated) {
      required = false;
      String now = replacedBy.get(name);
      shortdesc = shortdesc + (now == null ? " (deprecated)" : " (deprecated, use " + now + ")");
    }
    String old = replaces.get(name);
    if (old != null && required) {
      required = false;
      longdesc = append(longdesc, "Required unless its deprecated name " + old + " is set.");
    }
    return new ParameterSpec(
        name,
        type == null ? null : type.toLowerCase(Locale.ROOT),
        content == null ? null : content.attr("default"),
        required,
        isTrue(p.attr("unique")),
        shortdesc,
        longdesc);
  }

  private static String append(String text, String sentence) {
    return text.isEmpty() ? sentence : text + "\n" + sentence;
  }

  private static Element read(String xml) throws FenceMetadataException {
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
              throw new FenceMetadataException(
                  "meta-data nests deeper than " + MAX_DEPTH + " levels");
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
              throw new FenceMetadataException(
                  "meta-data uses entity '&" + reader.getLocalName() + ";', which is not allowed");
          default -> {
            // DTD, comments, processing instructions: ignored
          }
        }
      }
      if (root == null) {
        throw new FenceMetadataException("meta-data has no root element");
      }
      return root;
    } catch (XMLStreamException e) {
      Location at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
      throw new FenceMetadataException(
          "meta-data is not well-formed XML" + where + ": " + message(e), e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing is held
        }
      }
    }
  }

  private static String message(XMLStreamException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int idx = m.indexOf("Message: ");
    return (idx >= 0 ? m.substring(idx + 9) : m).strip();
  }

  /** The description in English (or without a language), else the first one. */
  private static String description(Element parent, String tag) {
    List<Element> all = parent.all(tag);
    for (Element e : all) {
      String lang = e.attr("lang");
      if (lang == null || lang.toLowerCase(Locale.ROOT).startsWith("en")) {
        return e.text().toString().strip();
      }
    }
    return all.isEmpty() ? "" : all.get(0).text().toString().strip();
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
}
