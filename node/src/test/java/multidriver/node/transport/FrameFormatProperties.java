package multidriver.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import multidriver.core.raft.NodeId;
import multidriver.core.raft.message.Heartbeat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The frame decoder trusts nothing: random bytes and any mutation of a signed frame are refused, never thrown. */
class FrameFormatProperties {
  private static final FrameFormat FORMAT = new FrameFormat("c1", TcpTransportTest.SECRET);

  @Property(tries = 2000)
  void randomBodiesAreRefusedCleanly(@ForAll @Size(max = 300) byte[] body) {
    FrameFormat.Envelope e = FORMAT.open(body);
    assertNotNull(e.refusal(), "random bytes never pass the mac");
  }

  @Property(tries = 2000)
  void everyMutationOfASignedFrameIsRefused(@ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll long term) throws Exception {
    FrameBuffer buffer = new FrameBuffer(256);
    FORMAT.encode(0, new Heartbeat(NodeId.of(0), NodeId.of(1), Math.abs(term % 1_000_000), 0, 1), buffer);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    buffer.copyTo(out);
    byte[] frame = out.toByteArray();
    byte[] body = java.util.Arrays.copyOfRange(frame, 4, frame.length); // after the length prefix
    assertEquals(null, FORMAT.open(body).refusal(), "the frame as signed is accepted");
    body[position % body.length] ^= (byte) flip;
    assertNotNull(FORMAT.open(body).refusal(), "one changed byte anywhere is refused");
  }

  /** The two hellos never read as each other, and the version hello carries its version (1..255). */
  @Property(tries = 300)
  void helloAndVersionHelloAreTold(@ForAll @IntRange(min = 1, max = 255) int version,
      @ForAll @IntRange(min = 1, max = 65535) int port) throws Exception {
    FrameBuffer buffer = new FrameBuffer(64);
    FORMAT.encodeVersionHello(3, version, buffer);
    byte[] body = body(buffer);
    FrameFormat.Envelope v = FORMAT.open(body);
    assertTrue(v.isHello(body));
    assertEquals(version, v.helloVersion(body));
    assertNull(v.helloAddress(body), "a release that predates version hellos reads one as a hello without address");
    FORMAT.encodeHello(3, "node-1:" + port, buffer);
    byte[] hello = body(buffer);
    FrameFormat.Envelope h = FORMAT.open(hello);
    assertEquals("node-1:" + port, h.helloAddress(hello));
    assertEquals(-1, h.helloVersion(hello));
    FORMAT.encodeHello(3, null, buffer);
    byte[] bare = body(buffer);
    assertEquals(-1, FORMAT.open(bare).helloVersion(bare));
  }

  private static byte[] body(FrameBuffer buffer) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    buffer.copyTo(out);
    byte[] frame = out.toByteArray();
    return java.util.Arrays.copyOfRange(frame, 4, frame.length);
  }
}
