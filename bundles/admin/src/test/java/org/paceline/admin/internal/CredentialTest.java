package org.paceline.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialTest {

  @TempDir Path dir;

  private Credential credential;

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private Credential load(String content) throws IOException {
    Path file = dir.resolve("credential");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return Credential.load(file);
  }

  @BeforeEach
  void setUp() throws IOException {
    credential = load("admin:s3cr:et\n");
  }

  @Test
  void loadsUserAndPassword() {
    assertEquals("admin", credential.user());
  }

  @Test
  void acceptsTheRightBasicHeader() {
    assertTrue(credential.accepts(basic("admin:s3cr:et")));
  }

  @Test
  void schemeIsCaseInsensitiveAndSurroundingBlanksAreIgnored() {
    String encoded =
        Base64.getEncoder().encodeToString("admin:s3cr:et".getBytes(StandardCharsets.UTF_8));

    assertTrue(credential.accepts("basic " + encoded));
    assertTrue(credential.accepts("BASIC  " + encoded + " "));
  }

  @Test
  void rejectsWrongPassword() {
    assertFalse(credential.accepts(basic("admin:s3cr:eT")));
    assertFalse(credential.accepts(basic("admin:s3cr")));
    assertFalse(credential.accepts(basic("admin:")));
  }

  @Test
  void rejectsWrongUser() {
    assertFalse(credential.accepts(basic("root:s3cr:et")));
    assertFalse(credential.accepts(basic("Admin:s3cr:et")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Basic !!!not-base64!!!", "Basic YWRtaW4=x", "Basic Y", "Basic =", "Basic é"})
  void rejectsMalformedBase64(String header) {
    assertFalse(credential.accepts(header));
  }

  @Test
  void rejectsOtherSchemes() {
    String encoded =
        Base64.getEncoder().encodeToString("admin:s3cr:et".getBytes(StandardCharsets.UTF_8));

    assertFalse(credential.accepts("Bearer " + encoded));
    assertFalse(credential.accepts("Digest " + encoded));
    assertFalse(credential.accepts(encoded));
    assertFalse(credential.accepts("Basic"));
    assertFalse(credential.accepts(""));
  }

  @Test
  void rejectsNull() {
    assertFalse(credential.accepts(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "\n", "admin", "admin:", ":secret", "admin:secret\nsecond:line", "   "})
  void rejectsAMalformedFile(String content) {
    IOException e = assertThrows(IOException.class, () -> load(content));

    assertTrue(e.getMessage().contains("user:password"), e.getMessage());
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(NoSuchFileException.class, () -> Credential.load(dir.resolve("absent")));
  }
}
