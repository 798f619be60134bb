package multidriver.node.transport;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;

/**
 * Wire frame: {@code [int length][short clusterIdLength][clusterId UTF-8][int senderId][message]}, where
 * {@code length} counts every byte after itself. Carrying the cluster id and sender in every frame lets a receiver
 * refuse traffic from another cluster (e.g. a stale container on a reused address) or from an unknown server.
 */
final class FrameFormat {
  /** A frame larger than this is refused: it can only be garbage or an attack. */
  static final int MAX_FRAME_BYTES = 64 << 20;

  private final byte[] clusterId;

  FrameFormat(String clusterId) {
    this.clusterId = clusterId.getBytes(StandardCharsets.UTF_8);
    if (this.clusterId.length == 0 || this.clusterId.length > 255) {
      throw new IllegalArgumentException("cluster id must have 1..255 UTF-8 bytes: '" + clusterId + "'");
    }
  }

  /** Encodes one complete frame, length prefix included, into {@code buffer} (which is reset first). */
  void encode(int senderId, Message message, FrameBuffer buffer) throws IOException {
    buffer.reset();
    DataOutputStream out = new DataOutputStream(buffer);
    out.writeInt(0); // length placeholder, patched below once the size is known
    out.writeShort(clusterId.length);
    out.write(clusterId);
    out.writeInt(senderId);
    out.write(MessageCodec.toBytes(message));
    out.flush();
    buffer.patchLengthPrefix();
  }

  /**
   * A frame's envelope: the sender and where the message's bytes start in the body, or the reason the frame must be
   * refused. The message itself is decoded by the server core (in the node and the simulator alike).
   */
  record Envelope(int senderId, int messageOffset, String refusal) {}

  /** Reads one frame body (after the length prefix) and checks the cluster id; membership is the caller's. */
  Envelope open(byte[] body) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    int idLength = in.readUnsignedShort();
    if (idLength > body.length - 2 - 4) {
      throw new IOException("cluster id length " + idLength + " beyond the frame of " + body.length + " bytes");
    }
    byte[] id = new byte[idLength];
    in.readFully(id);
    if (!Arrays.equals(id, clusterId)) {
      return new Envelope(-1, -1, "frame from cluster '" + new String(id, StandardCharsets.UTF_8) + "'");
    }
    int sender = in.readInt();
    return new Envelope(sender, 2 + idLength + 4, null);
  }
}
