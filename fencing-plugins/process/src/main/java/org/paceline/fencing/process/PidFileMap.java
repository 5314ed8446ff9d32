package org.paceline.fencing.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paceline.api.fencing.HostMap;

/**
 * Where each node's pid file is, from the device's parameters:
 *
 * <ul>
 *   <li>{@value #PIDFILES}: explicit pairs, {@code "n1=/srv/c/n1/state/run/paceline.pid
 *       n2=/srv/c/n2/state/run/paceline.pid"} (separated by blanks, {@code ,} or {@code ;}; node
 *       and path by {@code =} or {@code :}, as in {@code pcmk_host_map});
 *   <li>{@value #PATTERN}: one path for all nodes with {@code %n} standing for the node's name
 *       ({@code %%} for a percent sign), e.g. {@code /srv/c/%n/state/run/paceline.pid}.
 * </ul>
 *
 * An explicit pair wins over the pattern. Paths must be absolute. A node name put into the pattern
 * must be a plain host name (letters, digits, {@code . _ -}, not starting with a dot), so it never
 * leads elsewhere in the file system.
 *
 * @param explicit node name to pid file
 * @param pattern the pattern, or {@code null}
 */
public record PidFileMap(Map<String, Path> explicit, String pattern) {

  /** Parameter: explicit node=pidfile pairs. */
  public static final String PIDFILES = "pidfiles";

  /** Parameter: a pid file path with {@code %n} for the node name. */
  public static final String PATTERN = "pidfile_pattern";

  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,252}");

  public PidFileMap {
    explicit = Collections.unmodifiableMap(new LinkedHashMap<>(explicit));
    if (explicit.isEmpty() && pattern == null) {
      throw new IllegalArgumentException(
          "set " + PATTERN + " (e.g. /srv/c/%n/state/run/paceline.pid) or " + PIDFILES);
    }
    explicit.forEach(
        (node, path) -> {
          if (!path.isAbsolute()) {
            throw new IllegalArgumentException(
                PIDFILES + ": the pid file of " + node + " is not an absolute path: " + path);
          }
        });
    if (pattern != null) {
      checkPattern(pattern);
    }
  }

  /**
   * The map a device's parameters describe.
   *
   * @throws IllegalArgumentException naming the parameter that is missing or wrong
   */
  public static PidFileMap fromParameters(Map<String, String> params) {
    String pairs = params.get(PIDFILES);
    String pattern = params.get(PATTERN);
    Map<String, Path> explicit = new LinkedHashMap<>();
    if (pairs != null && !pairs.isBlank()) {
      HostMap map;
      try {
        map = HostMap.parse(pairs);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PIDFILES + ": " + e.getMessage(), e);
      }
      map.ports().forEach((node, path) -> explicit.put(node, Path.of(path)));
    }
    return new PidFileMap(explicit, pattern == null || pattern.isBlank() ? null : pattern.strip());
  }

  /**
   * The pid file of {@code node}, or empty when this map does not name one.
   *
   * @throws IllegalArgumentException if the pattern applies and {@code node} is not a plain name
   */
  public Optional<Path> pidFileOf(String node) {
    Path p = explicit.get(node);
    if (p != null) {
      return Optional.of(p);
    }
    if (pattern == null) {
      return Optional.empty();
    }
    if (!NODE.matcher(node).matches()) {
      throw new IllegalArgumentException(
          "node name '"
              + node.replaceAll("\\p{Cntrl}", "?")
              + "' cannot be put into "
              + PATTERN
              + " (letters, digits, . _ - only)");
    }
    return Optional.of(Path.of(expand(pattern, node)));
  }

  /**
   * The nodes this map knows: every explicit one, and for the pattern every existing directory
   * entry that matches the path component holding {@code %n} (e.g. the node folders that {@code
   * paceline cluster init} wrote), sorted.
   */
  public List<String> knownNodes() {
    TreeSet<String> nodes = new TreeSet<>(explicit.keySet());
    if (pattern != null) {
      nodes.addAll(namesMatchingPattern());
    }
    return new ArrayList<>(nodes);
  }

  private List<String> namesMatchingPattern() {
    String[] parts = pattern.split("/");
    StringBuilder parent = new StringBuilder();
    for (String part : parts) {
      if (part.contains("%n")) {
        Pattern component = componentRegex(part);
        List<String> names = new ArrayList<>();
        Path dir = Path.of(parent.length() == 0 ? "/" : unescape(parent.toString()));
        if (!Files.isDirectory(dir)) {
          return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path entry : entries) {
            Matcher m = component.matcher(entry.getFileName().toString());
            if (m.matches() && NODE.matcher(m.group(1)).matches()) {
              names.add(m.group(1));
            }
          }
        } catch (IOException e) {
          return names;
        }
        return names;
      }
      if (!part.isEmpty()) {
        parent.append('/').append(part);
      }
    }
    return List.of();
  }

  /** The regex of one path component with {@code %n} as the captured name (the first one). */
  private static Pattern componentRegex(String part) {
    StringBuilder re = new StringBuilder();
    boolean captured = false;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%' && i + 1 < part.length()) {
        char next = part.charAt(++i);
        if (next == 'n') {
          re.append(captured ? "\\1" : "(.+?)");
          captured = true;
        } else {
          re.append(Pattern.quote("%"));
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static void checkPattern(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException(
          PATTERN + " must be an absolute path, got '" + pattern + "'");
    }
    boolean hasName = false;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '%') {
        char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : ' ';
        if (next == 'n') {
          hasName = true;
        } else if (next != '%') {
          throw new IllegalArgumentException(
              PATTERN
                  + ": unknown escape '%"
                  + (next == ' ' ? "" : String.valueOf(next))
                  + "' (use %n for the node name, %% for a percent sign)");
        }
        i++;
      }
    }
    if (!hasName) {
      throw new IllegalArgumentException(
          PATTERN + " must contain %n (the node name), got '" + pattern + "'");
    }
  }

  private static String expand(String pattern, String node) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' && i + 1 < pattern.length()) {
        char next = pattern.charAt(++i);
        out.append(next == 'n' ? node : "%");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String unescape(String path) {
    return path.replace("%%", "%");
  }
}
