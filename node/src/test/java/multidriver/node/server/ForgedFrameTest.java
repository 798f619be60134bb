package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvCommand;
import multidriver.core.log.Entry;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.Message;
import multidriver.server.NodeStatus;
import multidriver.server.codec.MessageCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks, replayed against a live 3-node cluster by a stranger who can reach the Raft ports (it knows
 * the wire format, the cluster id and the member ids, not the secret). Every time: the frame is refused, the leader
 * stays leader in the same term, and the data is unchanged.
 */
class ForgedFrameTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestCluster cluster;
  static int leader;
  static long term;

  @BeforeAll
  static void start() throws Exception {
    cluster = new TestCluster(3, dir, Map.of()).startAll();
    leader = cluster.awaitLeader();
    assertEquals(200, cluster.http(leader, "PUT", "/kv/owned", "by-members").statusCode());
    term = cluster.nodes[leader].status().term();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** A frame as a member would send it, signed with a guessed secret (what a stranger can do at best). */
  static byte[] forgedFrame(int sender, Message m) throws Exception {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    byte[] id = "test-cluster".getBytes(StandardCharsets.UTF_8);
    out.writeShort(id.length);
    out.write(id);
    out.writeInt(sender);
    out.write(MessageCodec.toBytes(m));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("a-guess-at-the-cluster-secret!!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signed = body.toByteArray();
    byte[] tag = mac.doFinal(signed);
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    DataOutputStream f = new DataOutputStream(frame);
    f.writeInt(signed.length + tag.length);
    f.write(signed);
    f.write(tag);
    return frame.toByteArray();
  }

  static int raftPort(int node) {
    return cluster.configs.get(node).raftPort();
  }

  /** Sends {@code bytes} to {@code node}'s Raft port; true when the node then closed the connection. */
  static boolean sendAndSeeClosed(int node, byte[] bytes) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", raftPort(node)), 1_000);
      s.setSoTimeout(7_000);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      try {
        return s.getInputStream().read() == -1;
      } catch (java.net.SocketException reset) {
        return true;
      }
    }
  }

  static void assertClusterUnchanged() throws Exception {
    int now = cluster.awaitLeader();
    NodeStatus s = cluster.nodes[now].status();
    assertEquals(leader, now, "the leader stayed leader");
    assertEquals(term, s.term(), "no node moved to another term");
    for (int i = 0; i < 3; i++) {
      assertEquals("by-members",
          JSON.readTree(cluster.http(i, "GET", "/kv/owned", null).body()).get("value").asText(), "node " + i);
    }
    assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
  }

  @Test
  void aHeartbeatWithTheLargestTermIsRefused() throws Exception {
    int follower = cluster.anyFollower(leader);
    Heartbeat h = new Heartbeat(NodeId.of(leader == 0 ? 1 : 0), NodeId.of(follower), Long.MAX_VALUE, 0, Long.MAX_VALUE);
    assertTrue(sendAndSeeClosed(follower, forgedFrame(h.from().value(), h)));
    assertClusterUnchanged();
  }

  @Test
  void anInjectedPutAndAGarbageEntryAreRefused() throws Exception {
    int follower = cluster.anyFollower(leader);
    long last = cluster.nodes[follower].status().lastLogIndex();
    byte[] put = KvCodec.encode(new KvCommand.Put(new ClientId(0), 0, "owned", "by-a-stranger"));
    byte[] garbage = {(byte) 0xff, 1, 2, 3};
    for (byte[] data : List.of(put, garbage)) {
      AppendEntries ae = new AppendEntries(NodeId.of(leader), NodeId.of(follower), term + 1, last, term,
          List.of(new Entry(last + 1, term + 1, data)), last + 1);
      assertTrue(sendAndSeeClosed(follower, forgedFrame(leader, ae)));
      assertTrue(sendAndSeeClosed(leader, forgedFrame(follower, ae)), "not to the leader either");
    }
    assertClusterUnchanged();
  }

  /** A length prefix of 64 MiB from a stranger: closed at once, nothing allocated for it. */
  @Test
  void aHugeLengthPrefixIsClosedBeforeAnythingIsAllocated() throws Exception {
    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8).putInt(64 << 20).putInt(0);
    for (int i = 0; i < 12; i++) { // the 12 connections
      assertTrue(sendAndSeeClosed(leader, header.array()));
    }
    assertClusterUnchanged();
  }

  /**
   * 3,000 idle connections to the leader's Raft port: only members + 4 are held, each at most 5 s; the rest are
   * closed at once, no thread each, and the leader keeps leading.
   */
  @Test
  void threeThousandIdleConnectionsCostTheLeaderNothing() throws Exception {
    List<Socket> idle = new ArrayList<>();
    int closedAtOnce = 0;
    try {
      for (int i = 0; i < 3_000; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress("127.0.0.1", raftPort(leader)), 2_000);
          idle.add(s);
        } catch (IOException backlogFull) {
          s.close(); // the accept queue overflowed for a moment: refused too
          closedAtOnce++;
        }
      }
      Thread.sleep(500);
      for (Socket s : idle) {
        s.setSoTimeout(1);
        try {
          InputStream in = s.getInputStream();
          if (in.read() == -1) {
            closedAtOnce++;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          // held, waiting for its authentication deadline
        } catch (java.net.SocketException reset) {
          closedAtOnce++;
        }
      }
      assertTrue(closedAtOnce >= 3_000 - 3 - 4, closedAtOnce + " of 3000 closed at once");
      assertClusterUnchanged();
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }
}
