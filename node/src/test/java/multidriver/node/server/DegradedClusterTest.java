package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node answers when it cannot reach a quorum, with and without the deliberately unsafe stale reads. */
class DegradedClusterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Writes k=v through a follower, then stops every other node; returns the follower left alone. */
  static int isolateAFollowerAfterWriting(TestCluster cluster) throws Exception {
    int leader = cluster.awaitLeader();
    int survivor = cluster.anyFollower(leader);
    HttpResponse<String> put = cluster.http(survivor, "PUT", "/kv/k", "v");
    assertEquals(200, put.statusCode(), put.body());
    long index = json(put).get("index").asLong();
    TestCluster.await("survivor applied the write", () -> cluster.nodes[survivor].status().lastApplied() >= index);
    for (int i = 0; i < cluster.nodes.length; i++) {
      if (i != survivor) {
        cluster.stop(i);
      }
    }
    // Without a quorum no leader can be elected (§5.2); the survivor forgets the old one once it times out.
    TestCluster.await("survivor knows no leader", () -> cluster.nodes[survivor].status().leader() < 0);
    return survivor;
  }

  @Test
  void withoutAQuorumANodeRefusesClearly() throws Exception {
    try (TestCluster cluster = new TestCluster(3, dir, Map.of()).startAll()) {
      int survivor = isolateAFollowerAfterWriting(cluster);
      HttpResponse<String> health = cluster.http(survivor, "GET", "/health", null);
      assertEquals(503, health.statusCode());
      assertEquals("DOWN", json(health).get("status").asText());
      HttpResponse<String> put = cluster.http(survivor, "PUT", "/kv/k", "w");
      assertEquals(503, put.statusCode(), put.body());
      assertEquals("no leader known", json(put).get("error").asText());
      assertEquals(false, json(put).get("applied").asBoolean());
      HttpResponse<String> get = cluster.http(survivor, "GET", "/kv/k", null);
      assertEquals(503, get.statusCode(), "a linearizable read needs a leader and a quorum: " + get.body());
    }
  }

  @Test
  void unsafeStaleReadsAnswerFromLocalStateWithoutAQuorum() throws Exception {
    try (TestCluster cluster = new TestCluster(3, dir, Map.of("UNSAFE_STALE_READS", "true")).startAll()) {
      int survivor = isolateAFollowerAfterWriting(cluster);
      // No leader, no ReadIndex: the isolated node still answers, from state that may be arbitrarily stale.
      HttpResponse<String> get = cluster.http(survivor, "GET", "/kv/k", null);
      assertEquals(200, get.statusCode(), get.body());
      assertEquals("v", json(get).get("value").asText());
    }
  }

  @Test
  void aWriteThatCannotCommitTimesOutAsIndeterminate() throws Exception {
    // A long election timeout keeps the isolated leader in office (CheckQuorum steps it down only after one).
    Map<String, String> env = Map.of("ELECTION_TIMEOUT_MS", "2000-2500", "REQUEST_TIMEOUT_MS", "300");
    try (TestCluster cluster = new TestCluster(3, dir, env).startAll()) {
      int leader = cluster.awaitLeader();
      for (int i = 0; i < 3; i++) {
        if (i != leader) {
          cluster.stop(i);
        }
      }
      // The entry is appended but can never reach a quorum; the client must not be told it failed.
      HttpResponse<String> put = cluster.http(leader, "PUT", "/kv/k", "maybe");
      assertEquals(504, put.statusCode(), put.body());
      assertEquals("unknown", json(put).get("applied").asText());
    }
  }
}
