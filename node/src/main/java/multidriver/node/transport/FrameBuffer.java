package multidriver.node.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A reusable frame buffer that can patch its own 4-byte length prefix and write itself without copying. */
final class FrameBuffer extends ByteArrayOutputStream {
  FrameBuffer(int initialBytes) {
    super(initialBytes);
  }

  /** Writes {@code size() - 4} big-endian into the first four bytes. */
  void patchLengthPrefix() {
    int length = count - 4;
    if (length < 0 || length > FrameFormat.MAX_FRAME_BYTES) {
      throw new IllegalStateException("frame length out of range: " + length);
    }
    buf[0] = (byte) (length >>> 24);
    buf[1] = (byte) (length >>> 16);
    buf[2] = (byte) (length >>> 8);
    buf[3] = (byte) length;
  }

  /** Appends the mac of every byte after the 4-byte length prefix. */
  void appendMac(javax.crypto.Mac mac) {
    mac.update(buf, 4, count - 4);
    byte[] tag = mac.doFinal();
    write(tag, 0, tag.length);
  }

  void copyTo(OutputStream out) throws IOException {
    out.write(buf, 0, count);
  }
}
