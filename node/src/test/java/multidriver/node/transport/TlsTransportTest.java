package multidriver.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import multidriver.core.raft.message.Message;
import multidriver.node.FreePorts;
import multidriver.node.TestCerts;
import multidriver.server.codec.MessageCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raft RPC over mutual TLS: only certificates of the cluster CA get in, and a member cannot speak as another. */
class TlsTransportTest {
  @TempDir static Path dir;
  static Path cluster;
  static Path rogue;
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @BeforeAll
  static void certificates() {
    cluster = TestCerts.make(dir.resolve("cluster"), 3);
    rogue = TestCerts.make(dir.resolve("rogue"), 3); // same names, another CA
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  static PeerTls tls(Path certs, int certOf) {
    return PeerTls.load(certOf, certs.resolve("node-" + certOf + ".crt"), certs.resolve("node-" + certOf + ".key"),
        certs.resolve("ca.crt"));
  }

  TcpTransport start(int self, PeerTls tls, List<InetSocketAddress> peers, BlockingQueue<Message> inbox)
      throws IOException {
    TcpTransport t = new TcpTransport(self, "c1", TcpTransportTest.SECRET, tls, peers, peers.get(self),
        (sender, data, offset, length) -> {
          try {
            inbox.add(MessageCodec.fromBytes(data, offset, length));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }, 1024);
    open.add(t);
    t.start();
    return t;
  }

  @Test
  void membersTalkOverMutualTls() throws Exception {
    List<InetSocketAddress> peers = TcpTransportTest.loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox0 = new LinkedBlockingQueue<>();
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t0 = start(0, tls(cluster, 0), peers, inbox0);
    TcpTransport t1 = start(1, tls(cluster, 1), peers, inbox1);
    assertEquals(TcpTransportTest.heartbeat(0, 1, 3),
        TcpTransportTest.sendUntilReceived(t0, TcpTransportTest.heartbeat(0, 1, 3), inbox1));
    assertEquals(TcpTransportTest.heartbeat(1, 0, 3),
        TcpTransportTest.sendUntilReceived(t1, TcpTransportTest.heartbeat(1, 0, 3), inbox0));
    for (int i = 0; i < 500; i++) {
      t0.send(TcpTransportTest.heartbeat(0, 1, 10 + i));
    }
    for (int i = 0; i < 500; i++) {
      assertEquals(10 + i, inbox1.poll(5, TimeUnit.SECONDS).term());
    }
    assertEquals(0, t1.refusedFrames());
  }

  /** The attack the shared secret alone cannot stop: member 2 (secret and all) claims to be member 0. */
  @Test
  void aMemberCannotSpeakAsAnotherMember() throws Exception {
    int p0 = FreePorts.pick();
    int p1 = FreePorts.pick();
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t1 = start(1, tls(cluster, 1), TcpTransportTest.loopback(p0, p1), inbox1);
    // An impostor transport with id 0 but node-2's certificate: build it around node-2's identity, bound elsewhere.
    PeerTls node2 = tls(cluster, 2);
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> start(0, node2, TcpTransportTest.loopback(p0, p1), new LinkedBlockingQueue<>()));
    assertTrue(mismatch.getMessage().contains("node-2"), mismatch.getMessage());
    // So speak the frames by hand: a TLS connection as node-2 carrying frames signed with the secret, sender 0.
    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) node2.connect(new java.net.Socket("127.0.0.1", p1),
        "127.0.0.1", p1, 1);
    FrameFormat format = new FrameFormat("c1", TcpTransportTest.SECRET);
    FrameBuffer buffer = new FrameBuffer(256);
    format.encode(0, TcpTransportTest.heartbeat(0, 1, Long.MAX_VALUE), buffer);
    try (s) {
      buffer.copyTo(s.getOutputStream());
      s.getOutputStream().flush();
      assertEquals(-1, s.getInputStream().read(), "the listener closed the connection");
    } catch (IOException closed) {
      // closed while we wrote: refused too
    }
    assertEquals(null, inbox1.poll(500, TimeUnit.MILLISECONDS), "nothing spoken as another member reaches Raft");
    assertTrue(t1.refusedFrames() > 0, "the impostor's frame is counted as refused");
  }

  @Test
  void aCertificateOfAnotherCaIsRefusedAtTheHandshake() throws Exception {
    List<InetSocketAddress> peers = TcpTransportTest.loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t1 = start(1, tls(cluster, 1), peers, inbox1);
    TcpTransport impostor = start(0, tls(rogue, 0), peers, new LinkedBlockingQueue<>());
    for (int i = 0; i < 30 && t1.refusedFrames() == 0; i++) {
      impostor.send(TcpTransportTest.heartbeat(0, 1, Long.MAX_VALUE));
      Thread.sleep(100);
    }
    assertTrue(t1.refusedFrames() > 0, "the failed handshake is counted");
    assertEquals(null, inbox1.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  void plainTcpToATlsListenerDeliversNothing() throws Exception {
    List<InetSocketAddress> peers = TcpTransportTest.loopback(FreePorts.pick(), FreePorts.pick());
    BlockingQueue<Message> inbox1 = new LinkedBlockingQueue<>();
    TcpTransport t1 = start(1, tls(cluster, 1), peers, inbox1);
    TcpTransport plain = start(0, null, peers, new LinkedBlockingQueue<>());
    for (int i = 0; i < 30 && t1.refusedFrames() == 0; i++) {
      plain.send(TcpTransportTest.heartbeat(0, 1, 7));
      Thread.sleep(100);
    }
    assertTrue(t1.refusedFrames() > 0);
    assertEquals(null, inbox1.poll(300, TimeUnit.MILLISECONDS));
  }

  /** A stranger that opens a connection and never finishes the handshake is closed by the authentication deadline. */
  @Test
  void aStalledHandshakeIsClosedByTheDeadline() throws Exception {
    List<InetSocketAddress> peers = TcpTransportTest.loopback(FreePorts.pick(), FreePorts.pick());
    TcpTransport t1 = start(1, tls(cluster, 1), peers, new LinkedBlockingQueue<>());
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", peers.get(1).getPort())) {
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the first bytes of a ClientHello, then silence
      s.setSoTimeout(15_000);
      int got;
      try {
        got = s.getInputStream().read();
      } catch (java.net.SocketException reset) {
        got = -1;
      }
      assertEquals(-1, got, "closed, not left waiting");
    }
    assertTrue(t1.refusedFrames() > 0);
  }

  @Test
  void aNodeStartedWithAnotherMembersCertificateIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerTls.load(1,
        cluster.resolve("node-2.crt"), cluster.resolve("node-2.key"), cluster.resolve("ca.crt")));
    assertTrue(e.getMessage().contains("not of node-1"), e.getMessage());
  }
}
