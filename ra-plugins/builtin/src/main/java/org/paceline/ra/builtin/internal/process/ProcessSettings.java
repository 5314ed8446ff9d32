package org.paceline.ra.builtin.internal.process;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paceline.api.ra.OperationContext;
import org.paceline.api.ra.OperationRequest;

/**
 * The parameters of one {@code ocf:paceline:Process} resource, parsed and checked for syntax. Each
 * operation parses only what it needs (a stop needs the pid file and the grace period, not the
 * command), so a parameter broken later cannot keep a running process from being stopped.
 *
 * @param command the argv, first word the program
 * @param workdir the working directory
 * @param environment the complete environment of the process
 * @param pidFile where the pid and start time are kept
 * @param stdout where standard output is appended
 * @param stderr where standard error is appended (may be the same file as {@code stdout})
 * @param checks what must answer for the process to count as running
 * @param stopGrace how long stop waits after SIGTERM before SIGKILL
 */
record ProcessSettings(
    List<String> command,
    Path workdir,
    Map<String, String> environment,
    Path pidFile,
    Path stdout,
    Path stderr,
    Checks checks,
    Duration stopGrace) {

  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  /** Variables the process inherits from the node when they are set there. */
  static final List<String> INHERITED = List.of("HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ");

  /**
   * The node's marker (the absolute path of its pid file), which fencing looks for in the
   * environment of every process a node left running; the same name as the script library's {@code
   * NodeMarker.VARIABLE}. Passed on whenever the node has it; {@code env} cannot set it.
   */
  static final String NODE_MARKER = "PACELINE_NODE_PIDFILE";

  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.:@+-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|sec|m|min|h)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+):(\\d+)");

  ProcessSettings {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  /** A TCP endpoint that must accept a connection. */
  record TcpTarget(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * The health checks of a resource.
   *
   * @param tcp an endpoint that must accept a TCP connection
   * @param http a URL that must answer 2xx or 3xx
   * @param timeout how long one check may take
   */
  record Checks(Optional<TcpTarget> tcp, Optional<URI> http, Duration timeout) {
    boolean none() {
      return tcp.isEmpty() && http.isEmpty();
    }
  }

  /** Parses every parameter; {@code node} is the node's environment. */
  static ProcessSettings parse(
      OperationRequest request, OperationContext context, Map<String, String> node)
      throws OperationFailed {
    Map<String, String> p = request.parameters();
    String commandText = value(p, "command");
    if (commandText == null) {
      throw OperationFailed.configured("command is required (the program and its arguments)");
    }
    List<String> command;
    try {
      command = CommandWords.split(commandText);
    } catch (IllegalArgumentException e) {
      throw OperationFailed.configured("command: " + e.getMessage());
    }
    if (command.isEmpty() || command.get(0).isEmpty()) {
      throw OperationFailed.configured("command: no program named in '" + commandText + "'");
    }
    Path workdir = absolutePath(p, "workdir").orElse(Path.of("/"));
    Map<String, String> env = environment(value(p, "env"), node);
    Path stdout = absolutePath(p, "stdout").orElse(defaultFile(request, context, ".stdout.log"));
    Path stderr = absolutePath(p, "stderr").orElse(defaultFile(request, context, ".stderr.log"));
    return new ProcessSettings(
        command, workdir, env, pidFile(request, context), stdout, stderr, checks(p), stopGrace(p));
  }

  /** The pid file: the {@code pidfile} parameter or {@code <state dir>/process/<resource>.pid}. */
  static Path pidFile(OperationRequest request, OperationContext context) throws OperationFailed {
    Optional<Path> configured = absolutePath(request.parameters(), "pidfile");
    if (configured.isPresent()) {
      return configured.get();
    }
    return defaultFile(request, context, ".pid");
  }

  /** The {@code stop_grace} parameter. */
  static Duration stopGrace(Map<String, String> p) throws OperationFailed {
    return duration(p, "stop_grace", DEFAULT_STOP_GRACE, true);
  }

  /** The {@code check_tcp}, {@code check_http} and {@code check_timeout} parameters. */
  static Checks checks(Map<String, String> p) throws OperationFailed {
    Optional<TcpTarget> tcp = Optional.empty();
    String tcpText = value(p, "check_tcp");
    if (tcpText != null) {
      Matcher m = HOST_PORT.matcher(tcpText);
      int port = m.matches() ? parsePort(m.group(2)) : -1;
      if (port < 1) {
        throw OperationFailed.configured(
            "check_tcp: '" + tcpText + "' is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)");
      }
      String host = m.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      tcp = Optional.of(new TcpTarget(host, port));
    }
    Optional<URI> http = Optional.empty();
    String httpText = value(p, "check_http");
    if (httpText != null) {
      http = Optional.of(httpUri(httpText));
    }
    return new Checks(tcp, http, duration(p, "check_timeout", DEFAULT_CHECK_TIMEOUT, false));
  }

  private static URI httpUri(String text) throws OperationFailed {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw OperationFailed.configured("check_http: '" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw OperationFailed.configured(
          "check_http: '" + text + "' must be an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw OperationFailed.configured("check_http: '" + text + "' names no host");
    }
    return uri;
  }

  private static int parsePort(String digits) {
    try {
      int port = Integer.parseInt(digits);
      return port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The environment of the process: {@code PATH} (the node's, or a standard one), the node's {@link
   * #INHERITED} variables, then the {@code env} parameter's {@code KEY=VALUE} words, and last the
   * node's {@link #NODE_MARKER}.
   */
  static Map<String, String> environment(String envText, Map<String, String> node)
      throws OperationFailed {
    Map<String, String> env = new LinkedHashMap<>();
    String path = node.get("PATH");
    env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
    for (String name : INHERITED) {
      String v = node.get(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    String marker = node.get(NODE_MARKER);
    if (envText == null) {
      return withMarker(env, marker);
    }
    List<String> words;
    try {
      words = CommandWords.split(envText);
    } catch (IllegalArgumentException e) {
      throw OperationFailed.configured("env: " + e.getMessage());
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      String name = eq < 0 ? w : w.substring(0, eq);
      if (eq < 0 || !ENV_NAME.matcher(name).matches()) {
        throw OperationFailed.configured(
            "env: '" + w + "' is not KEY=VALUE with KEY made of letters, digits and _");
      }
      if (w.indexOf('\0') >= 0) {
        throw OperationFailed.configured("env: '" + name + "' contains a NUL character");
      }
      if (name.equals(NODE_MARKER)) {
        throw OperationFailed.configured(
            "env: "
                + NODE_MARKER
                + " is the node's own (it marks the node's processes for fencing) and cannot be"
                + " set");
      }
      env.put(name, w.substring(eq + 1));
    }
    return withMarker(env, marker);
  }

  private static Map<String, String> withMarker(Map<String, String> env, String marker) {
    if (marker != null && !marker.isBlank() && marker.indexOf('\0') < 0) {
      env.put(NODE_MARKER, marker);
    }
    return env;
  }

  /**
   * Parses a duration: a whole number of seconds, or a number with {@code ms}, {@code s}, {@code
   * m}/{@code min} or {@code h}.
   */
  static Duration duration(Map<String, String> p, String name, Duration dflt, boolean zeroOk)
      throws OperationFailed {
    String text = value(p, name);
    if (text == null) {
      return dflt;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw OperationFailed.configured(
          name + ": '" + text + "' is not a duration (seconds, or e.g. 500ms, 10s, 2m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m", "min" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.isZero() && !zeroOk) {
      throw OperationFailed.configured(name + ": must be more than 0");
    }
    return d;
  }

  /** A parameter's value, or {@code null} when it is absent or blank. */
  static String value(Map<String, String> p, String name) {
    String v = p.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static Optional<Path> absolutePath(Map<String, String> p, String name)
      throws OperationFailed {
    String v = value(p, name);
    if (v == null) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(v);
    } catch (IllegalArgumentException e) {
      throw OperationFailed.configured(name + ": '" + v + "' is not a path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw OperationFailed.configured(name + ": '" + v + "' must be an absolute path");
    }
    return Optional.of(path.normalize());
  }

  private static Path defaultFile(OperationRequest request, OperationContext context, String suffix)
      throws OperationFailed {
    if (!INSTANCE.matcher(request.resourceId()).matches()) {
      throw OperationFailed.configured(
          "resource id '"
              + request.resourceId()
              + "' cannot name a file under the state directory");
    }
    return context.stateDir().resolve("process").resolve(request.resourceId() + suffix);
  }
}
