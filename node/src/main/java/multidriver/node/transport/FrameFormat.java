package multidriver.node.transport;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;

/**
 * Wire frame: {@code [int length][short clusterIdLength][clusterId UTF-8][int senderId][message][mac]}, where
 * {@code length} counts every byte after itself and {@code mac} is HMAC-SHA256 under the cluster secret over every
 * byte between the length and the mac. Only a holder of the secret (a member) can produce a frame that is accepted;
 * the cluster id and sender let a receiver refuse traffic from another cluster or an unknown server before decoding
 * anything. (The secret is shared: it keeps strangers out, it does not stop one member from claiming another's id —
 * that takes per-member TLS certificates.)
 */
final class FrameFormat {
  /** A frame larger than this is refused: it can only be garbage or an attack. */
  static final int MAX_FRAME_BYTES = 64 << 20;
  static final int MAC_BYTES = 32;
  /** A cluster secret shorter than this is refused at startup. */
  static final int MIN_SECRET_BYTES = 16;
  private static final String MAC_ALGORITHM = "HmacSHA256";

  private final byte[] clusterId;
  private final SecretKeySpec key;
  /** Mac objects are not thread-safe; each writer and reader thread keeps its own. */
  private final ThreadLocal<Mac> macs;

  FrameFormat(String clusterId, byte[] secret) {
    this.clusterId = clusterId.getBytes(StandardCharsets.UTF_8);
    if (this.clusterId.length == 0 || this.clusterId.length > 255) {
      throw new IllegalArgumentException("cluster id must have 1..255 UTF-8 bytes: '" + clusterId + "'");
    }
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the cluster secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), MAC_ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fail at construction, not on the first frame, if the JVM lacks the algorithm
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(MAC_ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** Encodes one complete frame, length prefix and mac included, into {@code buffer} (which is reset first). */
  void encode(int senderId, Message message, FrameBuffer buffer) throws IOException {
    encode(senderId, MessageCodec.toBytes(message), buffer);
  }

  /**
   * A hello: a signed frame with no message. A link sends it first, so that the receiver knows a member at once,
   * even on a link that then stays quiet for minutes (followers rarely speak to each other). It may carry the
   * sender's Raft address ({@code [0][host:port UTF-8]}; no message starts with a 0 tag), so that a server whose
   * configuration is older than the sender's can still answer it (thesis §4: a member that missed changes must
   * follow a leader it does not know yet).
   */
  void encodeHello(int senderId, String advertisedAddress, FrameBuffer buffer) throws IOException {
    byte[] address = advertisedAddress == null ? new byte[0] : advertisedAddress.getBytes(StandardCharsets.UTF_8);
    if (address.length > MAX_ADVERTISED_ADDRESS_BYTES) address = new byte[0];
    byte[] payload = new byte[address.length == 0 ? 0 : 1 + address.length];
    System.arraycopy(address, 0, payload, Math.min(1, payload.length), address.length);
    encode(senderId, payload, buffer);
  }

  /**
   * The version hello, sent right after the first: {@code [0][0][version]} (a byte 0 starts no address, so a server
   * that predates it reads a hello without an address and goes on). It says which peer-message format the sender
   * decodes; a connection that never sends one speaks wire version 1.
   */
  void encodeVersionHello(int senderId, int wireVersion, FrameBuffer buffer) throws IOException {
    if (wireVersion < 1 || wireVersion > 255) throw new IllegalArgumentException("wire version " + wireVersion);
    encode(senderId, new byte[] {0, 0, (byte) wireVersion}, buffer);
  }

  /** Bound on the address a hello carries. */
  static final int MAX_ADVERTISED_ADDRESS_BYTES = 255;

  void encode(int senderId, byte[] message, FrameBuffer buffer) throws IOException {
    buffer.reset();
    DataOutputStream out = new DataOutputStream(buffer);
    out.writeInt(0); // length placeholder, patched below once the size is known
    out.writeShort(clusterId.length);
    out.write(clusterId);
    out.writeInt(senderId);
    out.write(message);
    out.flush();
    buffer.appendMac(macs.get());
    buffer.patchLengthPrefix();
  }

  /**
   * A frame's envelope: the sender and where the message's bytes lie in the body, or the reason the frame must be
   * refused. The message itself is decoded by the server core (in the node and the simulator alike).
   */
  record Envelope(int senderId, int messageOffset, int messageLength, String refusal) {
    /** A hello carries no message: it only authenticates the connection (and may say where its sender listens). */
    boolean isHello(byte[] body) {
      return refusal == null && (messageLength == 0 || body[messageOffset] == 0);
    }

    /** The wire version a version hello announces, or -1 when this is not one. */
    int helloVersion(byte[] body) {
      if (!isHello(body) || messageLength != 3 || body[messageOffset + 1] != 0) return -1;
      int version = body[messageOffset + 2] & 0xff;
      return version >= 1 ? version : -1;
    }

    /** The Raft address a hello announces, or null (none, or not {@code host:port} within the bound). */
    String helloAddress(byte[] body) {
      if (!isHello(body) || messageLength < 2 || messageLength - 1 > MAX_ADVERTISED_ADDRESS_BYTES) return null;
      String text = new String(body, messageOffset + 1, messageLength - 1, StandardCharsets.UTF_8);
      return text.matches("[A-Za-z0-9.\\-]{1,253}:[0-9]{1,5}") ? text : null;
    }
  }

  /** Checks one frame body (after the length prefix): its mac first, then the cluster id; membership is the caller's. */
  Envelope open(byte[] body) {
    if (body.length < MAC_BYTES + 2 + 4) {
      return refused("frame of " + body.length + " bytes is too short to carry a mac");
    }
    int signed = body.length - MAC_BYTES;
    Mac mac = macs.get();
    mac.update(body, 0, signed);
    byte[] expected = mac.doFinal();
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(body, signed, body.length))) {
      return refused("bad mac: not signed with this cluster's secret");
    }
    ByteBuffer in = ByteBuffer.wrap(body, 0, signed);
    int idLength = in.getShort() & 0xffff;
    if (idLength > signed - 2 - 4) {
      return refused("cluster id length " + idLength + " beyond the frame of " + body.length + " bytes");
    }
    byte[] id = new byte[idLength];
    in.get(id);
    if (!Arrays.equals(id, clusterId)) {
      return refused("frame from cluster '" + new String(id, StandardCharsets.UTF_8) + "'");
    }
    int sender = in.getInt();
    int offset = 2 + idLength + 4;
    return new Envelope(sender, offset, signed - offset, null);
  }

  private static Envelope refused(String why) {
    return new Envelope(-1, -1, 0, why);
  }
}
