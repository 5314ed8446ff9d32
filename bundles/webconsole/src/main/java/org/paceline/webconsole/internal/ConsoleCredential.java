package org.paceline.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The cluster credential the Web Console accepts: the one {@code user:password} line that {@code
 * paceline cluster init} writes (the admin API's credential file). There is no default; a missing
 * or malformed file is an error.
 */
public final class ConsoleCredential {

  private final String user;
  private final byte[] expected;

  private ConsoleCredential(String user, String password) {
    this.user = user;
    this.expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException if it cannot be read or does not hold one {@code user:password} line
   */
  public static ConsoleCredential load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.contains("\n")) {
      throw new IOException(file + ": expected one line 'user:password'");
    }
    return new ConsoleCredential(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The user name. */
  public String user() {
    return user;
  }

  /**
   * Whether an HTTP {@code Authorization} header carries this credential ({@code Basic}, compared
   * in constant time).
   */
  public boolean accepts(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, expected);
  }

  /** The {@code Authorization} header value that carries this credential. */
  public String authorizationHeader() {
    return "Basic " + Base64.getEncoder().encodeToString(expected);
  }

  /**
   * The password in the Web Console's hashed form ({@code {sha-256}} and the Base64 of the SHA-256
   * of the password's UTF-8 bytes), for its own configuration, so the plain password is never
   * stored in Configuration Admin.
   */
  public String webConsolePasswordHash() {
    String both = new String(expected, StandardCharsets.UTF_8);
    String password = both.substring(user.length() + 1);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
