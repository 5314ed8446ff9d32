package org.paceline.ra.builtin.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.paceline.ra.builtin.internal.process.ProcessSettings.Checks;
import org.paceline.ra.builtin.internal.process.ProcessSettings.TcpTarget;

/**
 * Runs a resource's {@code check_tcp} and {@code check_http} checks. Each check takes at most
 * {@code check_timeout}, and never beyond the operation's deadline.
 */
final class HealthChecks {

  private HealthChecks() {}

  /** Why a check fails, or empty when every configured check passes. */
  static Optional<String> failure(Checks checks, Instant deadline) {
    if (checks.tcp().isPresent()) {
      Optional<String> f = tcp(checks.tcp().get(), timeout(checks, deadline));
      if (f.isPresent()) {
        return f;
      }
    }
    if (checks.http().isPresent()) {
      return http(checks.http().get(), timeout(checks, deadline));
    }
    return Optional.empty();
  }

  private static int timeout(Checks checks, Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    Duration t = left.compareTo(checks.timeout()) < 0 ? left : checks.timeout();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.toMillis()));
  }

  private static Optional<String> tcp(TcpTarget target, int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("check_tcp " + target + ": unknown host " + target.host());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("check_tcp " + target + ": " + describe(e));
    }
  }

  private static Optional<String> http(URI uri, int timeoutMillis) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout(timeoutMillis);
      c.setReadTimeout(timeoutMillis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestMethod("GET");
      int code = c.getResponseCode();
      try (InputStream body = code < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (body != null) {
          body.readNBytes(64 * 1024); // let the connection finish cleanly
        }
      }
      if (code >= 200 && code < 400) {
        return Optional.empty();
      }
      return Optional.of("check_http " + uri + ": answered " + code);
    } catch (UnknownHostException e) {
      return Optional.of("check_http " + uri + ": unknown host " + uri.getHost());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("check_http " + uri + ": " + describe(e));
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
