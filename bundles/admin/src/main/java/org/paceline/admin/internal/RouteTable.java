package org.paceline.admin.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The admin API's endpoints as data: a method and a path template below {@code /api/v1} (segments
 * are words or {@code {name}} parameters, each one whole non-empty segment) mapped to a handler.
 * Tests and the documentation check enumerate {@link #routes()}, so a new endpoint is covered as
 * soon as it is added here.
 */
public final class RouteTable {

  /**
   * One request as a handler sees it.
   *
   * @param path the path as requested (below the servlet's mount, without the query)
   * @param params the template's parameters by name, decoded
   * @param query the query parameters, decoded, each with its values in order
   * @param body the request body (empty if none)
   * @param now when the request arrived
   */
  public record Call(
      String path,
      Map<String, String> params,
      Map<String, List<String>> query,
      String body,
      Instant now) {

    public Call {
      params = Map.copyOf(params);
      query = Map.copyOf(query);
      body = body == null ? "" : body;
    }

    /** A template parameter. */
    public String param(String name) {
      return Objects.requireNonNull(params.get(name), name);
    }

    /** All values of a query parameter, empty if absent. */
    public List<String> all(String name) {
      return query.getOrDefault(name, List.of());
    }

    /** The last value of a query parameter. */
    public Optional<String> first(String name) {
      List<String> v = all(name);
      return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }
  }

  /** Answers one call, maybe later (long polls). */
  @FunctionalInterface
  public interface Handler {
    CompletableFuture<AdminApi.Response> handle(Call call);
  }

  /**
   * One endpoint.
   *
   * @param method the HTTP method, upper case
   * @param template the path below {@code /api/v1}, e.g. {@code /nodes/{name}/state}
   * @param handler what answers it
   */
  public record Route(String method, String template, Handler handler) {

    private static final Pattern PARAM = Pattern.compile("\\{[A-Za-z][A-Za-z0-9]*}");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]*");

    public Route {
      if (!template.startsWith("/") || template.endsWith("/")) {
        throw new IllegalArgumentException("bad template " + template);
      }
      for (String seg : template.substring(1).split("/", -1)) {
        if (!PARAM.matcher(seg).matches() && !WORD.matcher(seg).matches()) {
          throw new IllegalArgumentException("bad segment '" + seg + "' in " + template);
        }
      }
    }

    /** The template's segments. */
    List<String> segments() {
      return List.of(template.substring(1).split("/", -1));
    }

    /** The parameters of {@code path}'s segments if they fit this template. */
    Optional<Map<String, String>> match(List<String> path) {
      List<String> segs = segments();
      if (segs.size() != path.size()) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segs.size(); i++) {
        String s = segs.get(i);
        String p = path.get(i);
        if (s.startsWith("{")) {
          if (p.isEmpty()) {
            return Optional.empty();
          }
          params.put(s.substring(1, s.length() - 1), p);
        } else if (!s.equals(p)) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }

    /** How many parameters the template has (fewer: more exact). */
    int parameters() {
      return (int) segments().stream().filter(s -> s.startsWith("{")).count();
    }
  }

  /**
   * What a lookup found: the route and its parameters, or the methods other routes of the same path
   * allow (empty: no such path).
   */
  record Lookup(Optional<Route> route, Map<String, String> params, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds an endpoint answered at once. */
  public RouteTable add(String method, String template, Function<Call, AdminApi.Response> handler) {
    return addAsync(
        method, template, call -> CompletableFuture.completedFuture(handler.apply(call)));
  }

  /** Adds an endpoint that may answer later. */
  public RouteTable addAsync(String method, String template, Handler handler) {
    for (Route r : routes) {
      if (r.method().equals(method) && r.template().equals(template)) {
        throw new IllegalArgumentException(method + " " + template + " is already a route");
      }
    }
    routes.add(new Route(method, template, handler));
    return this;
  }

  /** Every endpoint, in the order they were added. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The route for {@code method} and {@code rest} (the path below {@code /api/v1}, starting with
   * {@code /}). Among templates that fit, the one with the fewest parameters wins.
   */
  Lookup find(String method, String rest) {
    List<String> segs = List.of(rest.substring(1).split("/", -1));
    Route best = null;
    Map<String, String> bestParams = Map.of();
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Optional<Map<String, String>> m = r.match(segs);
      if (m.isEmpty()) {
        continue;
      }
      if (!r.method().equals(method)) {
        allowed.add(r.method());
        continue;
      }
      if (best == null || r.parameters() < best.parameters()) {
        best = r;
        bestParams = m.get();
      }
    }
    return new Lookup(Optional.ofNullable(best), bestParams, allowed);
  }

  /** The query string's parameters, decoded ({@code a=1&a=2&b} gives a: [1, 2], b: [""]). */
  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.computeIfAbsent(decode(name), k -> new ArrayList<>()).add(decode(value));
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
