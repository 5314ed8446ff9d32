package org.paceline.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The admin API's credential: one {@code user:password} line in a file that only the node's user
 * can read, created by {@code paceline cluster init}. There is no default.
 */
public final class Credential {

  private final String user;
  private final byte[] expected;

  private Credential(String user, String password) {
    this.user = user;
    this.expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException if the file cannot be read or does not hold {@code user:password}
   */
  public static Credential load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.contains("\n")) {
      throw new IOException(file + ": expected one line 'user:password'");
    }
    return new Credential(text.substring(0, colon), text.substring(colon + 1));
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
}
