package org.paceline.ring.layer;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key, then expand it per purpose. */
final class Hkdf {

  static final int HASH_LENGTH = 32;
  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /** HKDF-Extract: PRK = HMAC(salt, ikm); an empty salt means HashLen zero bytes. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
      return mac.doFinal(ikm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** HKDF-Expand: the first {@code length} bytes of T(1) | T(2) | ... */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length " + length);
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(prk, HMAC));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      for (int i = 1, done = 0; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
