package org.paceline.ring.layer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates (and by default encrypts) every ring packet with AES-256-GCM, and drops forged,
 * damaged, replayed and stale packets.
 *
 * <h2>Keys</h2>
 *
 * Each sender epoch has its own key: {@code HKDF-SHA256(ikm = authkey, salt = UTF-8 cluster name,
 * info = "paceline-ring v1" | sender id (4 bytes) | epoch (8 bytes), 32 bytes)}. A node picks its
 * epoch when the layer is built ({@link #newEpoch()}: microseconds since 1970), so a restarted node
 * sends under a higher epoch with a fresh key and its counters may start again at 1.
 *
 * <h2>Wire format (big-endian)</h2>
 *
 * <pre>
 *  0      version      1 byte   1 = {@link Mode#ENCRYPT}, 2 = {@link Mode#AUTHENTICATE}
 *  1      sender id    4 bytes
 *  5      epoch        8 bytes
 *  13     counter      8 bytes  1, 2, 3, ... per packet of this sender epoch
 *  21     payload      n bytes  ciphertext (ENCRYPT) or clear text (AUTHENTICATE)
 *  21+n   tag         16 bytes  GCM tag; AAD = bytes 0..20 (ENCRYPT) or 0..20+n (AUTHENTICATE)
 * </pre>
 *
 * The 12-byte GCM nonce is four zero bytes and the counter, unique per key.
 *
 * <h2>Receiving</h2>
 *
 * A packet is dropped and counted, never thrown on, as the first of: {@code oversized} (longer than
 * the maximum packet), {@code truncated} (shorter than {@link #OVERHEAD}), {@code bad_version} (not
 * this layer's mode), {@code sender_mismatch} (header sender is not the node the transport saw),
 * {@code stale_epoch} (lower than the highest authenticated epoch of that sender), {@code replayed}
 * (counter already accepted, or 1024 or more below the highest accepted one, or below 1), {@code
 * bad_tag} (authentication failed: wrong key, any flipped bit). Only an authenticated packet moves
 * a sender to a new epoch or advances its replay window, so forged packets cannot lock a node out.
 * The keys kept are one per known sender (its current epoch); a packet of a new epoch costs one
 * HKDF derivation before it is authenticated. The state is not persisted: after this node starts,
 * the first authenticated epoch of a sender is taken as it comes, so packets recorded from an
 * earlier epoch of that sender can be replayed to it, once each, until the sender's current epoch
 * is heard. The protocol above must tolerate such stale packets (old ring ids).
 *
 * <h2>Threads</h2>
 *
 * {@link #down} may be called from any number of threads (one cipher per thread, one counter per
 * layer); each call encrypts once, whatever the number of destinations. {@link #up} is serialised.
 *
 * <p>There is no unauthenticated mode: corosync.conf's {@code crypto_cipher: none} should map to
 * {@link Mode#AUTHENTICATE} (or stay {@link Mode#ENCRYPT}); all nodes must use the same mode.
 */
public final class CryptoLayer extends Layer {

  /** Whether payloads are encrypted; both modes authenticate the whole packet. */
  public enum Mode {
    /** AES-256-GCM: payload encrypted, header and payload authenticated. The default. */
    ENCRYPT(1),
    /** AES-256-GMAC: payload sent in clear, header and payload authenticated. */
    AUTHENTICATE(2);

    final byte version;

    Mode(int version) {
      this.version = (byte) version;
    }
  }

  /** Bytes of clear header before the payload. */
  public static final int HEADER = 21;

  /** Bytes of GCM tag after the payload. */
  public static final int TAG = 16;

  /** Bytes this layer adds to every packet: the protocol's budget is the max packet minus this. */
  public static final int OVERHEAD = HEADER + TAG;

  /** The largest UDP payload over IPv4, the default maximum packet. */
  public static final int MAX_PACKET = 65507;

  /** The minimum length of the authkey in bytes. */
  public static final int MIN_KEY_LENGTH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(CryptoLayer.class);
  private static final byte[] INFO_PREFIX = "paceline-ring v1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;

  private final int localId;
  private final long epoch;
  private final Mode mode;
  private final int maxPacket;
  private final Counters counters;
  private final byte[] prk;
  private final SecretKeySpec txKey;
  private final AtomicLong txCounter = new AtomicLong(1);
  private final ThreadLocal<Cipher> txCipher = ThreadLocal.withInitial(CryptoLayer::newCipher);

  private final Object rxLock = new Object();
  private final Cipher rxCipher = newCipher();
  private final Map<Integer, SenderState> senders = new HashMap<>();

  /** The authenticated state of one sender: its current epoch, that epoch's key and window. */
  private static final class SenderState {
    long epoch;
    SecretKeySpec key;
    ReplayWindow window = new ReplayWindow();
    // One cipher per sender: re-initialising a cipher with another key re-expands the AES key,
    // which one shared cipher would do for almost every packet when several nodes send.
    final Cipher cipher = newCipher();

    SenderState(long epoch, SecretKeySpec key) {
      this.epoch = epoch;
      this.key = key;
    }
  }

  /**
   * An encrypting layer with a fresh epoch ({@link #newEpoch()}) and {@link #MAX_PACKET}.
   *
   * @param authKey the cluster's shared key, at least {@link #MIN_KEY_LENGTH} bytes
   * @param clusterName the cluster name (the HKDF salt): nodes of another cluster cannot talk
   * @param localId this node's id, written as the sender of every packet
   * @param counters where drops are counted
   */
  public CryptoLayer(byte[] authKey, String clusterName, int localId, Counters counters) {
    this(authKey, clusterName, localId, newEpoch(), Mode.ENCRYPT, MAX_PACKET, counters);
  }

  /**
   * @param epoch this node's sender epoch: must grow across restarts of the node
   * @param mode encrypt, or authenticate only
   * @param maxPacket the largest packet sent or accepted, overhead included (at most {@link
   *     #MAX_PACKET} over IPv4 UDP)
   */
  public CryptoLayer(
      byte[] authKey,
      String clusterName,
      int localId,
      long epoch,
      Mode mode,
      int maxPacket,
      Counters counters) {
    if (authKey.length < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "authkey has " + authKey.length + " bytes, needs at least " + MIN_KEY_LENGTH);
    }
    if (maxPacket <= OVERHEAD) {
      throw new IllegalArgumentException("max packet " + maxPacket + " leaves no payload");
    }
    this.localId = localId;
    this.epoch = epoch;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.maxPacket = maxPacket;
    this.counters = Objects.requireNonNull(counters, "counters");
    this.prk = Hkdf.extract(clusterName.getBytes(StandardCharsets.UTF_8), authKey);
    this.txKey = deriveKey(localId, epoch);
  }

  /** A sender epoch for a node starting now: microseconds since 1970, higher after a restart. */
  public static long newEpoch() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** This node's sender epoch. */
  public long epoch() {
    return epoch;
  }

  /** The largest payload {@link #down} accepts. */
  public int maxPayload() {
    return maxPacket - OVERHEAD;
  }

  /**
   * Seals {@code packet} once and passes it down for all of {@code to}. A payload longer than
   * {@link #maxPayload()} is dropped, counted as {@code tx_oversized} and logged.
   */
  @Override
  public void down(int[] to, byte[] packet) {
    if (to.length == 0) {
      return;
    }
    if (packet.length > maxPacket - OVERHEAD) {
      counters.inc("tx_oversized");
      LOG.warn(
          "[node {}] dropped a {}-byte ring packet: at most {} bytes fit",
          localId,
          packet.length,
          maxPacket - OVERHEAD);
      return;
    }
    byte[] sealed;
    try {
      sealed = seal(packet);
    } catch (GeneralSecurityException e) {
      counters.inc("crypto_error");
      LOG.error("[node {}] sealing a ring packet failed", localId, e);
      return;
    }
    below().down(to, sealed);
  }

  private byte[] seal(byte[] payload) throws GeneralSecurityException {
    long counter = txCounter.getAndIncrement();
    int n = payload.length;
    byte[] out = new byte[OVERHEAD + n];
    out[0] = mode.version;
    putInt(out, 1, localId);
    putLong(out, 5, epoch);
    putLong(out, 13, counter);
    Cipher c = txCipher.get();
    c.init(Cipher.ENCRYPT_MODE, txKey, new GCMParameterSpec(TAG * 8, nonce(counter)));
    if (mode == Mode.ENCRYPT) {
      c.updateAAD(out, 0, HEADER);
      c.doFinal(payload, 0, n, out, HEADER);
    } else {
      System.arraycopy(payload, 0, out, HEADER, n);
      c.updateAAD(out, 0, HEADER + n);
      c.doFinal(out, 0, 0, out, HEADER + n);
    }
    return out;
  }

  /** Verifies a packet from node {@code from} and passes its payload up, or drops and counts it. */
  @Override
  public void up(int from, byte[] packet) {
    byte[] payload = open(from, packet);
    if (payload != null) {
      above().up(from, payload);
    }
  }

  /** The payload of a valid fresh packet, or null after counting why it was dropped. */
  private byte[] open(int from, byte[] p) {
    int n = p.length;
    if (n > maxPacket) {
      return drop("oversized", from);
    }
    if (n < OVERHEAD) {
      return drop("truncated", from);
    }
    if (p[0] != mode.version) {
      return drop("bad_version", from);
    }
    int sender = getInt(p, 1);
    long senderEpoch = getLong(p, 5);
    long counter = getLong(p, 13);
    if (sender != from) {
      return drop("sender_mismatch", from);
    }
    synchronized (rxLock) {
      SenderState state = senders.get(sender);
      SecretKeySpec key;
      Cipher cipher = rxCipher;
      if (state != null && senderEpoch < state.epoch) {
        return drop("stale_epoch", from);
      } else if (state != null && senderEpoch == state.epoch) {
        if (!state.window.isFresh(counter)) {
          return drop("replayed", from);
        }
        key = state.key;
        cipher = state.cipher;
      } else if (counter <= 0) {
        return drop("replayed", from);
      } else {
        key = deriveKey(sender, senderEpoch);
      }
      byte[] payload;
      try {
        payload = unseal(p, cipher, key, counter);
      } catch (AEADBadTagException e) {
        return drop("bad_tag", from);
      } catch (GeneralSecurityException e) {
        counters.inc("crypto_error");
        LOG.error("[node {}] opening a ring packet from node {} failed", localId, from, e);
        return null;
      }
      if (state == null) {
        state = new SenderState(senderEpoch, key);
        senders.put(sender, state);
      } else if (senderEpoch > state.epoch) {
        LOG.info(
            "[node {}] node {} sends under a new epoch {} (was {})",
            localId,
            sender,
            senderEpoch,
            state.epoch);
        state.epoch = senderEpoch;
        state.key = key;
        state.window = new ReplayWindow();
      }
      state.window.accept(counter);
      return payload;
    }
  }

  private byte[] unseal(byte[] p, Cipher c, SecretKeySpec key, long counter)
      throws GeneralSecurityException {
    int n = p.length - OVERHEAD;
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce(counter)));
    if (mode == Mode.ENCRYPT) {
      c.updateAAD(p, 0, HEADER);
      byte[] out = new byte[n];
      c.doFinal(p, HEADER, n + TAG, out, 0);
      return out;
    }
    c.updateAAD(p, 0, HEADER + n);
    c.doFinal(p, HEADER + n, TAG);
    byte[] out = new byte[n];
    System.arraycopy(p, HEADER, out, 0, n);
    return out;
  }

  private byte[] drop(String reason, int from) {
    counters.inc(reason);
    if (LOG.isTraceEnabled()) {
      LOG.trace("[node {}] dropped a ring packet from node {}: {}", localId, from, reason);
    }
    return null;
  }

  private SecretKeySpec deriveKey(int sender, long senderEpoch) {
    byte[] info = new byte[INFO_PREFIX.length + 12];
    System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
    putInt(info, INFO_PREFIX.length, sender);
    putLong(info, INFO_PREFIX.length + 4, senderEpoch);
    return new SecretKeySpec(Hkdf.expand(prk, info, 32), "AES");
  }

  private static byte[] nonce(long counter) {
    byte[] iv = new byte[NONCE];
    putLong(iv, 4, counter);
    return iv;
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }

  private static int getInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  private static long getLong(byte[] b, int off) {
    return (long) getInt(b, off) << 32 | (getInt(b, off + 4) & 0xffffffffL);
  }
}
