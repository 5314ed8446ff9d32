package org.paceline.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCredentialTest {

  @TempDir Path tmp;

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  private ConsoleCredential write(String text) throws IOException {
    Path f = tmp.resolve("credential");
    Files.writeString(f, text);
    return ConsoleCredential.load(f);
  }

  @Test
  void acceptsOnlyTheClusterCredential() throws IOException {
    ConsoleCredential c = write("admin:s3cret-Xy_9\n");

    assertThat(c.user()).isEqualTo("admin");
    assertThat(c.accepts(basic("admin:s3cret-Xy_9"))).isTrue();
    assertThat(c.accepts("basic " + basic("admin:s3cret-Xy_9").substring(6))).isTrue();
    assertThat(c.accepts(basic("admin:admin"))).isFalse();
    assertThat(c.accepts(basic("admin:s3cret-Xy_"))).isFalse();
    assertThat(c.accepts(basic("root:s3cret-Xy_9"))).isFalse();
    assertThat(c.accepts(null)).isFalse();
    assertThat(c.accepts("Bearer abc")).isFalse();
    assertThat(c.accepts("Basic %%%not-base64")).isFalse();
    assertThat(c.authorizationHeader()).isEqualTo(basic("admin:s3cret-Xy_9"));
  }

  @Test
  void thePasswordHashIsTheWebConsolesSha256Form() throws Exception {
    ConsoleCredential c = write("ops:pa:ss");

    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest("pa:ss".getBytes(StandardCharsets.UTF_8));
    assertThat(c.webConsolePasswordHash())
        .isEqualTo("{sha-256}" + Base64.getEncoder().encodeToString(digest));
    assertThat(c.accepts(basic("ops:pa:ss"))).isTrue();
  }

  @Test
  void aMalformedOrMissingFileIsAnErrorNamingIt() throws IOException {
    for (String bad : new String[] {"", "nocolon", ":password", "user:", "a:b\nc:d"}) {
      Path f = tmp.resolve("bad");
      Files.writeString(f, bad);
      assertThatThrownBy(() -> ConsoleCredential.load(f))
          .as(bad)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("user:password");
    }
    assertThatThrownBy(() -> ConsoleCredential.load(tmp.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing");
  }
}
