package org.paceline.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;

/** Random keys and credentials, written to files only their owner can read (mode 0600). */
final class Secrets {

  /** Bytes in an authkey: 256 bits. */
  static final int AUTHKEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A fresh 256-bit authkey. */
  static byte[] newAuthKey() {
    byte[] key = new byte[AUTHKEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A fresh admin credential line, {@code admin:<random>}. */
  static String newCredential() {
    byte[] pw = new byte[18];
    RANDOM.nextBytes(pw);
    return "admin:" + Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
  }

  /** A fresh random password (144 bits, URL-safe Base64). */
  static String newPassword() {
    byte[] pw = new byte[18];
    RANDOM.nextBytes(pw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
  }

  /**
   * Writes {@code content} to a new file with mode 0600 (created with that mode, never readable by
   * others even for a moment).
   *
   * @param overwrite replace an existing file
   */
  static void writePrivate(Path file, byte[] content, boolean overwrite) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (overwrite) {
      Files.deleteIfExists(file);
    }
    try (SeekableByteChannel ch =
        Files.newByteChannel(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          ExitCodes.USAGE, file + " already exists; remove it or pass --force to replace it", e);
    }
  }
}
