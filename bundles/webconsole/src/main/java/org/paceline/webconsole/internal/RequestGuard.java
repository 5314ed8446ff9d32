package org.paceline.webconsole.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps other web sites from making an operator's browser run cluster actions (cross-site request
 * forgery): the browser sends the Web Console's Basic credentials with any request to the console,
 * so an action is taken only from a request that a page of another origin cannot make without the
 * server's consent, which the console never gives (it answers no CORS preflight):
 *
 * <ul>
 *   <li>a custom header, {@value #HEADER}{@code : 1};
 *   <li>a JSON content type;
 *   <li>if the browser names the request's origin ({@code Origin}) it is the console's own (same
 *       host and port as {@code Host}), and {@code Sec-Fetch-Site}, if sent, is not {@code
 *       cross-site}.
 * </ul>
 */
public final class RequestGuard {

  /** The header the Cluster page's script sends with every action. */
  public static final String HEADER = "X-Paceline-Console";

  /**
   * What the guard looks at.
   *
   * @param customHeader the value of {@value #HEADER}, or null
   * @param contentType the {@code Content-Type}, or null
   * @param origin the {@code Origin} header, or null
   * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
   * @param host the {@code Host} header, or null
   */
  public record Facts(
      String customHeader, String contentType, String origin, String secFetchSite, String host) {}

  private RequestGuard() {}

  /** Why the request is refused, or empty if it may run an action. */
  public static Optional<String> refusal(Facts f) {
    if (!"1".equals(f.customHeader())) {
      return Optional.of("actions need the header " + HEADER + ": 1 (sent by the Cluster page)");
    }
    String type = f.contentType() == null ? "" : f.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      return Optional.of("actions need Content-Type application/json");
    }
    if (f.secFetchSite() != null && f.secFetchSite().equalsIgnoreCase("cross-site")) {
      return Optional.of("actions from another site are refused");
    }
    if (f.origin() != null) {
      String originHost = hostPort(f.origin());
      if (originHost == null || f.host() == null || !originHost.equalsIgnoreCase(f.host())) {
        return Optional.of("actions from origin " + f.origin() + " are refused");
      }
    }
    return Optional.empty();
  }

  /** {@code host[:port]} of an origin such as {@code http://127.0.0.1:7480}, or null. */
  private static String hostPort(String origin) {
    if (origin.equals("null")) {
      return null;
    }
    try {
      URI u = URI.create(origin.trim());
      if (u.getHost() == null) {
        return null;
      }
      String host = u.getHost();
      return u.getPort() < 0 ? host : host + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
