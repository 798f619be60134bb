package multidriver.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
