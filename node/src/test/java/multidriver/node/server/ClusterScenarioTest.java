package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real nodes over loopback sockets: election, replication, leader loss, restart from the WAL. */
class ClusterScenarioTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Over mutual TLS between the members, as the compose cluster runs: reconnects after restarts included. */
  @Test
  void aWriteSurvivesLeaderLossAndFullRestart() throws Exception {
    Map<String, String> tls = Map.of("TLS_DIR", multidriver.node.TestCerts.make(dir.resolve("tls"), 3).toString());
    try (TestCluster cluster = new TestCluster(3, dir, tls).startAll()) {
      // §5.2: one leader is elected and every node learns it.
      int leader = cluster.awaitLeader();
      long firstTerm = cluster.nodes[leader].status().term();

      // Any node accepts writes: a follower forwards to the leader; the answer comes after commit and apply.
      int follower = cluster.anyFollower(leader);
      HttpResponse<String> put = cluster.http(follower, "PUT", "/kv/color", "blue");
      assertEquals(200, put.statusCode(), put.body());
      long index = json(put).get("index").asLong();
      assertEquals("blue", json(put).get("value").asText());
      assertEquals(String.valueOf(leader), put.headers().firstValue("X-Forwarded-To").orElse(""));

      // §5.3: the entry reaches every log and every state machine.
      TestCluster.await("all nodes applied the write", () -> {
        for (NodeServer n : cluster.nodes) {
          if (n.status().lastApplied() < index) {
            return false;
          }
        }
        return true;
      });
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> get = cluster.http(i, "GET", "/kv/color", null);
        assertEquals(200, get.statusCode(), "node " + i + ": " + get.body());
        assertEquals("blue", json(get).get("value").asText());
      }

      // The leader dies: the two survivors elect a new leader in a later term which serves the same value (§5.4).
      cluster.stop(leader);
      int newLeader = cluster.awaitLeader();
      assertNotEquals(leader, newLeader);
      assertTrue(cluster.nodes[newLeader].status().term() > firstTerm);
      int survivor = cluster.anyFollower(newLeader);
      HttpResponse<String> afterFailover = cluster.http(survivor, "GET", "/kv/color", null);
      assertEquals(200, afterFailover.statusCode(), afterFailover.body());
      assertEquals("blue", json(afterFailover).get("value").asText());
      assertEquals(200, cluster.http(survivor, "PUT", "/kv/color", "green").statusCode());

      // The old leader restarts from its WAL and catches up with the write it missed.
      cluster.start(leader);
      long greenIndex = cluster.nodes[newLeader].status().commitIndex();
      TestCluster.await("restarted node caught up", () -> cluster.nodes[leader].status().lastApplied() >= greenIndex);

      // Everyone restarts: the data is rebuilt from the WALs alone.
      for (int i = 0; i < 3; i++) {
        cluster.stop(i);
      }
      cluster.startAll();
      int finalLeader = cluster.awaitLeader();
      HttpResponse<String> afterRestart = cluster.http(cluster.anyFollower(finalLeader), "GET", "/kv/color", null);
      assertEquals(200, afterRestart.statusCode(), afterRestart.body());
      assertEquals("green", json(afterRestart).get("value").asText());
      assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
    }
  }
}
