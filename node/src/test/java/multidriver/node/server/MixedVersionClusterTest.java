package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import multidriver.core.raft.Role;
import multidriver.server.codec.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade's middle: one server still speaks wire version 1 (it refuses what only version 2 has, as the
 * older release does). The others learn that from its hello and send it the old format, so nothing it receives is
 * refused, and leadership moves to it and away from it with the message both ends can read.
 */
class MixedVersionClusterTest {
  @TempDir Path dir;

  @Test
  void aServerOnTheOlderWireFormatTakesAndHandsOverLeadership() throws Exception {
    try (TestCluster cluster = new TestCluster(3, dir, Map.of()).with(2, "WIRE_VERSION", "1").startAll()) {
      int leader = cluster.awaitLeader();
      assertEquals(200, cluster.http(leader, "PUT", "/kv/before", "1").statusCode());
      // To the version-1 server and back to a version-2 one (in the other order when it leads already).
      for (int target : leader == 2 ? new int[] {0, 2} : new int[] {2, 0}) {
        long term = cluster.nodes[cluster.awaitLeader()].status().term();
        // The leader is healthy and inside its CheckQuorum lease: only a TimeoutNow the target decoded and took makes
        // the chosen server lead. A 202 says the transfer started; one whose frame a loaded machine lost is abandoned
        // after an election timeout, so it is asked again (a few times, each given 3 s).
        for (int attempt = 0; attempt < 5 && cluster.nodes[target].status().role() != Role.LEADER; attempt++) {
          int from = cluster.awaitLeader();
          HttpResponse<String> r = cluster.http(from, "POST", "/cluster/transfer-leadership", "{\"to\":" + target + "}");
          assertEquals(202, r.statusCode(), r.body());
          long deadlineNs = System.nanoTime() + 3_000_000_000L;
          while (cluster.nodes[target].status().role() != Role.LEADER && System.nanoTime() < deadlineNs) {
            Thread.sleep(20);
          }
        }
        assertEquals(Role.LEADER, cluster.nodes[target].status().role(), "node " + target + " leads");
        assertTrue(cluster.nodes[target].status().term() > term);
        assertEquals(200, cluster.http(target, "PUT", "/kv/k" + target, "v").statusCode());
      }
      assertEquals(0, cluster.nodes[2].loop().rejectedPeerMessages(),
          "the version-1 server was sent nothing it cannot decode");
      assertEquals(200, cluster.http(2, "GET", "/kv/before", null).statusCode());
      assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
    }
  }

  /**
   * The files version gate: while one member runs a release before files (here pinned to wire version 2), no node
   * takes an upload, since that member would apply the file entries as invalid commands and, as leader, send
   * snapshots without the files. The key-value API works all along.
   */
  @Test
  void uploadsWaitUntilEveryMemberRunsAReleaseWithFiles() throws Exception {
    int older = MessageCodec.FILES_WIRE_VERSION - 1;
    try (TestCluster cluster = new TestCluster(3, dir, Map.of()).with(2, "WIRE_VERSION", Integer.toString(older))
        .startAll()) {
      int leader = cluster.awaitLeader();
      assertEquals(200, cluster.http(leader, "PUT", "/kv/k", "v").statusCode());
      HttpResponse<String> current = cluster.http(0, "PUT", "/files/a.bin", "bytes");
      assertEquals(503, current.statusCode(), current.body());
      assertTrue(current.body().contains("member 2 runs wire version " + older), current.body());
      HttpResponse<String> pinned = cluster.http(2, "PUT", "/files/a.bin", "bytes");
      assertEquals(503, pinned.statusCode(), pinned.body());
      assertTrue(pinned.body().contains("this node runs with WIRE_VERSION=" + older), pinned.body());
      assertEquals(404, cluster.http(leader, "GET", "/files/a.bin", null).statusCode(), "nothing was stored");
    }
  }

  @Test
  void aWireVersionOutsideTheKnownRangeIsAClearConfigurationError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new TestCluster(1, dir, Map.of("WIRE_VERSION", Integer.toString(MessageCodec.WIRE_VERSION + 1))));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("WIRE_VERSION must be in [1, "), e.getMessage());
  }
}
