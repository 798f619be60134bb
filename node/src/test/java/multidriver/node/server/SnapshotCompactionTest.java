package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots on real nodes (§7): the WAL stops growing with the log, a follower that was down while the leader
 * compacted catches up through InstallSnapshot, and every node restarts from its snapshot plus the WAL after it.
 */
class SnapshotCompactionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static List<String> files(Path wal, String prefix) throws Exception {
    try (Stream<Path> s = Files.list(wal)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    }
  }

  @Test
  void theLogIsCompactedAndALaggingFollowerCatchesUpFromASnapshot() throws Exception {
    try (TestCluster cluster = new TestCluster(3, dir, Map.of("SNAPSHOT_EVERY_ENTRIES", "50")).startAll()) {
      int leader = cluster.awaitLeader();
      int lagging = cluster.anyFollower(leader);
      cluster.stop(lagging);
      for (int i = 0; i < 300; i++) {
        assertEquals(200, cluster.http(leader, "PUT", "/kv/k" + (i % 40), "v" + i).statusCode());
      }
      Path leaderWal = dir.resolve("node-" + leader).resolve("wal");
      List<String> snaps = files(leaderWal, "snap-");
      assertEquals(1, snaps.size(), "one snapshot kept: " + snaps);
      assertTrue(files(leaderWal, "wal-").size() <= 2, "covered segments deleted: " + files(leaderWal, "wal-"));
      assertTrue(cluster.nodes[leader].status().lastApplied() >= 300);

      cluster.start(lagging);
      long target = cluster.nodes[leader].status().commitIndex();
      TestCluster.await("the follower caught up", () -> cluster.nodes[lagging].status().lastApplied() >= target);
      assertEquals(1, files(dir.resolve("node-" + lagging).resolve("wal"), "snap-").size(),
          "it received the leader's snapshot: it was behind the compacted log");

      for (int i = 0; i < 3; i++) {
        cluster.stop(i);
      }
      cluster.startAll();
      int again = cluster.awaitLeader();
      for (int k = 0; k < 40; k++) {
        String value = JSON.readTree(cluster.http(again, "GET", "/kv/k" + k, null).body()).get("value").asText();
        int last = 280 + k <= 299 ? 280 + k : 240 + k; // the last of the 300 writes to k
        assertEquals("v" + last, value, "k" + k + " after a full restart from snapshots");
      }
      assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
    }
  }
}
