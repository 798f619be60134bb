package multidriver.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import multidriver.node.FreePorts;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }


  static List<InetSocketAddress> loopback(int... ports) {
    return java.util.Arrays.stream(ports).mapToObj(p -> new InetSocketAddress("127.0.0.1", p)).toList();
  }

  static final byte[] SECRET = multidriver.node.TestSecrets.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8);

  TcpTransport start(int self, String cluster, List<InetSocketAddress> peers, BlockingQueue<Message> inbox)
      throws IOException {
    return start(self, cluster, SECRET, peers, inbox);
  }

  TcpTransport start(int self, String cluster, byte[] secret, List<InetSocketAddress> peers,
      BlockingQueue<Message> inbox) throws IOException {
    TcpTransport t = new TcpTransport(self, cluster, secret, peers, peers.get(self), (sender, data, offset, length) -> {
      try {
        Message m = MessageCodec.fromBytes(data, offset, length);
        assertEquals(sender, m.from().value(), "the frame's sender sent this message");
        inbox.add(m);
      } catch (IOException e) {
        throw new AssertionError("a frame's message did not decode", e);
      }
    }, 1024);
    open.add(t);
    t.start();
    return t;
  }

  static Heartbeat heartbeat(int from, int to, long term) {
    return new Heartbeat(NodeId.of(from), NodeId.of(to), term, 0, term);
  }

  /** Sends until one arrives: the first messages may race the connection being established. */
  static Message sendUntilReceived(TcpTransport from, Message m, BlockingQueue<Message> inbox)
      throws InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      from.send(m);
      Message got = inbox.poll(100, TimeUnit.MILLISECONDS);
      if (got != null) {
        return got;
      }
    }
    throw new AssertionError("message never arrived: " + m);
  }

  @Test
  void messagesFlowBothWaysOverPersistentConnections() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox0 = new LinkedBlockingQueue<>();
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, "c1", peers, inbox0);
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    assertEquals(heartbeat(0, 1, 5), sendUntilReceived(t0, heartbeat(0, 1, 5), inbox1));
    HeartbeatResponse reply = new HeartbeatResponse(NodeId.of(1), NodeId.of(0), 5, 5);
    assertEquals(reply, sendUntilReceived(t1, reply, inbox0));
    for (int i = 0; i < 1000; i++) {
      t0.send(heartbeat(0, 1, 100 + i));
    }
    for (int i = 0; i < 1000; i++) {
      Message m = inbox1.poll(5, TimeUnit.SECONDS);
      assertEquals(100 + i, m.term(), "messages on one connection arrive in order");
    }
    assertEquals(1, t0.connects(), "one persistent connection carried everything");
  }

  @Test
  void framesFromAnotherClusterAreRefused() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport stranger = start(0, "other-cluster", peers, new LinkedBlockingQueue<>());
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    for (int i = 0; i < 20 && t1.refusedFrames() == 0; i++) {
      stranger.send(heartbeat(0, 1, 1));
      Thread.sleep(100);
    }
    assertTrue(t1.refusedFrames() > 0, "refused frames counted");
    assertEquals(0, inbox1.size(), "nothing from another cluster reaches Raft");
  }

  /** A stranger who knows the cluster id and the member ids but not the secret: every frame refused, counted. */
  @Test
  void framesSignedWithAnotherSecretAreRefusedAndNeverReachRaft() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    byte[] forged = "a-guess-at-the-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TcpTransport stranger = start(0, "c1", forged, peers, new LinkedBlockingQueue<>());
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    for (int i = 0; i < 20 && t1.refusedFrames() == 0; i++) {
      stranger.send(heartbeat(0, 1, Long.MAX_VALUE)); // the attack: a term of 2^63-1
      Thread.sleep(100);
    }
    assertTrue(t1.refusedFrames() > 0, "refused frames counted");
    assertEquals(0, inbox1.size(), "nothing signed with another secret reaches Raft");
  }

  /**
   * Thesis §4: a member whose configuration is older than the sender's (node 1 knows only nodes 0 and 1) hears a
   * server it does not know yet (node 2, which holds the cluster's secret) and answers it at the address node 2
   * announced in its hello.
   */
  @Test
  void aServerOutsideThisNodesConfigurationIsHeardAndAnsweredWhereItAnnouncedItself() throws Exception {
    int p0 = FreePorts.pick();
    int p1 = FreePorts.pick();
    int p2 = FreePorts.pick();
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    BlockingQueue<Message> inbox2 = new LinkedBlockingQueue<>();
    TcpTransport t1 = start(1, "c1", loopback(p0, p1), inbox1);
    TcpTransport newer = start(2, "c1", loopback(p0, p1, p2), inbox2);
    newer.advertise("127.0.0.1:" + p2);
    assertEquals(heartbeat(2, 1, 1), sendUntilReceived(newer, heartbeat(2, 1, 1), inbox1));
    assertEquals(heartbeat(1, 2, 1), sendUntilReceived(t1, heartbeat(1, 2, 1), inbox2), "answered at the announced address");
    assertEquals(0, t1.refusedFrames());
  }

  @Test
  void aRestartedPeerIsReachedAgainAfterReconnect() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, "c1", peers, new LinkedBlockingQueue<>());
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    sendUntilReceived(t0, heartbeat(0, 1, 1), inbox1);
    t1.close();
    inbox1.clear();
    start(1, "c1", peers, inbox1);
    assertEquals(heartbeat(0, 1, 2), sendUntilReceived(t0, heartbeat(0, 1, 2), inbox1));
    assertTrue(t0.connects() >= 2, "the link reconnected");
  }

  /**
   * A stranger opening connection after connection gets refused beyond the member count plus a few, and a member's
   * signed traffic still gets through: an authenticated connection does not count against the strangers' bound.
   */
  @Test
  void unauthenticatedConnectionsAreCappedAndMembersStillGetThrough() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> t0Inbox = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, "c1", peers, t0Inbox);
    List<java.net.Socket> idle = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        java.net.Socket s = new java.net.Socket();
        s.connect(peers.get(0), 1_000);
        idle.add(s);
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (t0.refusedFrames() < 40 - (3 + 4) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(t0.refusedFrames() >= 40 - (3 + 4), "refused beyond 3 members + 4: " + t0.refusedFrames());
      int closedByServer = 0;
      for (java.net.Socket s : idle) {
        s.setSoTimeout(200);
        try {
          if (s.getInputStream().read() < 0) {
            closedByServer++;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          // one of the few admitted connections
        }
      }
      assertTrue(closedByServer >= 40 - 7, "the extra connections were closed at once: " + closedByServer);
      TcpTransport member = start(1, "c1", peers, new LinkedBlockingQueue<>());
      // The strangers' admitted connections time out (no signed frame within 5 s); the member's link reconnects.
      Message got = null;
      long until = System.nanoTime() + 20_000_000_000L;
      while (got == null && System.nanoTime() < until) {
        member.send(heartbeat(1, 0, 3));
        got = t0Inbox.poll(200, TimeUnit.MILLISECONDS);
      }
      assertEquals(heartbeat(1, 0, 3), got, "a member gets through once the strangers' deadline passed");
    } finally {
      for (java.net.Socket s : idle) {
        s.close();
      }
    }
  }

  /** A header claiming 64 MiB followed by a few bytes ends the read cleanly, without waiting for or holding 64 MiB. */
  @Test
  void aFrameBodyIsReadAsItArrivesNotAsItsHeaderClaims() throws Exception {
    java.io.DataInputStream shortStream = new java.io.DataInputStream(new java.io.ByteArrayInputStream(new byte[10]));
    org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class,
        () -> TcpTransport.readFrameBody(shortStream, 64 << 20));
    byte[] data = new byte[300_000];
    new java.util.Random(1).nextBytes(data);
    byte[] back = TcpTransport.readFrameBody(new java.io.DataInputStream(new java.io.ByteArrayInputStream(data)),
        data.length);
    org.junit.jupiter.api.Assertions.assertArrayEquals(data, back);
  }

  /**
   * The authentication deadline: a member's link authenticates with its hello and may then stay quiet (followers
   * rarely talk to each other) and still carry its first message at once; a stranger who trickles a byte a second,
   * renewing every per-read timeout, is closed when the deadline passes.
   */
  @Test
  void quietMemberLinksStayOpenAndTricklingStrangersAreClosedByTheDeadline() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, "c1", peers, new LinkedBlockingQueue<>());
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    try (java.net.Socket stranger = new java.net.Socket()) {
      stranger.connect(peers.get(1), 1_000);
      java.io.OutputStream out = stranger.getOutputStream();
      out.write(new byte[] {0, 0, 0, 100}); // a frame of 100 bytes, sent one byte at a time
      long until = System.nanoTime() + 7_000_000_000L;
      boolean closed = false;
      while (System.nanoTime() < until && !closed) {
        Thread.sleep(1_000);
        try {
          out.write(1);
          out.flush();
        } catch (IOException e) {
          closed = true;
        }
      }
      if (!closed) {
        stranger.setSoTimeout(1_000);
        try {
          closed = stranger.getInputStream().read() < 0;
        } catch (IOException e) {
          closed = true;
        }
      }
      assertTrue(closed, "a trickling stranger is closed once the authentication deadline passed");
    }
    // More than the deadline has passed since the members' links connected and said hello.
    t0.send(heartbeat(0, 1, 9));
    Message first = inbox1.poll(2, TimeUnit.SECONDS);
    assertEquals(heartbeat(0, 1, 9), first, "the first message on a quiet member link arrives, not lost to a reset");
  }

  /**
   * Wire versions as each side learns them: two current transports agree on the newest, a transport pinned to 1 is
   * sent version 1 (and sends it), and a peer that sends only the plain hello, as a release before version hellos
   * does, gets version 1; when its connection closes, what it announced is forgotten.
   */
  @Test
  void eachPeerIsSentTheNewestWireVersionItAnnouncedAndAnOlderReleaseGetsVersionOne() throws Exception {
    List<InetSocketAddress> peers = loopback(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox0 = new LinkedBlockingQueue<>();
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    BlockingQueue<Message> inbox2 = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, "c1", peers, inbox0);
    TcpTransport t1 = start(1, "c1", peers, inbox1);
    TcpTransport t2 = new TcpTransport(2, "c1", SECRET, peers, peers.get(2), (sender, data, offset, length) -> {
      try {
        inbox2.add(MessageCodec.fromBytes(data, offset, length, 1));
      } catch (IOException e) {
        throw new AssertionError("a version-1 server was sent what it cannot decode", e);
      }
    }, 1024);
    open.add(t2);
    t2.setWireVersion(1);
    t2.start();
    // A message arrives after its connection's hellos, so once one is in, the version is known.
    sendUntilReceived(t1, heartbeat(1, 0, 1), inbox0);
    sendUntilReceived(t2, heartbeat(2, 0, 1), inbox0);
    sendUntilReceived(t0, heartbeat(0, 1, 1), inbox1);
    sendUntilReceived(t0, heartbeat(0, 2, 1), inbox2);
    assertEquals(MessageCodec.WIRE_VERSION, t0.peerWireVersion(1));
    assertEquals(MessageCodec.WIRE_VERSION, t1.peerWireVersion(0));
    assertEquals(1, t0.peerWireVersion(2), "the pinned server announced 1");
    assertEquals(1, t2.peerWireVersion(0), "capped at our own");

    // Member 3 as an older release: a plain hello, then a message, and no version hello.
    FrameFormat format = new FrameFormat("c1", SECRET);
    FrameBuffer buffer = new FrameBuffer(256);
    try (java.net.Socket old = new java.net.Socket("127.0.0.1", peers.get(0).getPort())) {
      java.io.OutputStream out = old.getOutputStream();
      format.encodeHello(3, null, buffer);
      buffer.copyTo(out);
      format.encode(3, heartbeat(3, 0, 1), buffer);
      buffer.copyTo(out);
      out.flush();
      assertEquals(heartbeat(3, 0, 1), inbox0.poll(5, TimeUnit.SECONDS));
      assertEquals(1, t0.peerWireVersion(3));
    }
    // Member 3 again, now current, announcing 2 on a connection that then closes.
    try (java.net.Socket current = new java.net.Socket("127.0.0.1", peers.get(0).getPort())) {
      java.io.OutputStream out = current.getOutputStream();
      format.encodeHello(3, null, buffer);
      buffer.copyTo(out);
      format.encodeVersionHello(3, MessageCodec.WIRE_VERSION, buffer);
      buffer.copyTo(out);
      format.encode(3, heartbeat(3, 0, 2), buffer);
      buffer.copyTo(out);
      out.flush();
      assertEquals(heartbeat(3, 0, 2), inbox0.poll(5, TimeUnit.SECONDS));
      assertEquals(MessageCodec.WIRE_VERSION, t0.peerWireVersion(3));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t0.peerWireVersion(3) != 1 && System.nanoTime() < deadline) Thread.sleep(10);
    assertEquals(1, t0.peerWireVersion(3), "a closed connection's announcement is forgotten");
  }
}
