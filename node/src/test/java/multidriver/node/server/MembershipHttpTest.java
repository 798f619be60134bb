package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of thesis §4 on live nodes over mutual TLS: a new server joins empty as a learner, catches up through
 * a snapshot, is promoted, and counts; bad requests get 4xx; the leader removes itself and hands over.
 */
class MembershipHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static String member(TestCluster c, int id, boolean learner) {
    return "{\"id\":" + id + ",\"raftAddress\":\"" + c.raftAddresses.get(id) + "\",\"httpAddress\":\""
        + c.httpAddresses.get(id) + "\",\"learner\":" + learner + "}";
  }

  private static String statuses(TestCluster c) {
    StringBuilder sb = new StringBuilder();
    for (NodeServer n : c.nodes) sb.append(n == null ? "down" : n.status().toString()).append('\n');
    return sb.toString();
  }

  @Test
  void aNewServerJoinsAsALearnerCatchesUpIsPromotedAndTheLeaderCanRemoveItself() throws Exception {
    Map<String, String> env = Map.of("TLS_DIR", multidriver.node.TestCerts.make(dir.resolve("tls"), 5).toString(),
        "SNAPSHOT_EVERY_ENTRIES", "20");
    try (TestCluster c = new TestCluster(3, 2, dir, env).startAll()) {
      int leader = c.awaitLeader();
      int follower = c.anyFollower(leader);
      for (int k = 0; k < 60; k++) assertEquals(200, c.http(leader, "PUT", "/kv/k" + k, "v" + k).statusCode());
      JsonNode cluster = json(c.http(follower, "GET", "/cluster", null));
      assertEquals(3, cluster.get("members").size(), cluster.toString());
      assertFalse(cluster.get("changeInProgress").asBoolean());

      // Bad input: 4xx JSON, nothing changes.
      assertEquals(400, c.http(follower, "POST", "/cluster/members", "{\"id\":\"x\"}").statusCode());
      assertEquals(400, c.http(follower, "POST", "/cluster/members", "{\"id\":3}").statusCode(), "no addresses");
      assertEquals(400, c.http(follower, "POST", "/cluster/members",
          "{\"id\":3,\"raftAddress\":\"nohost\",\"httpAddress\":\"a:1\"}").statusCode());
      assertEquals(400, c.http(follower, "POST", "/cluster/members", member(c, 3, true).replace("true", "\"yes\""))
          .statusCode());
      assertEquals(404, c.http(follower, "DELETE", "/cluster/members/9", null).statusCode());
      assertEquals(400, c.http(follower, "DELETE", "/cluster/members/x", null).statusCode());
      assertEquals(403, c.http(follower, "POST", "/cluster/members", member(c, 3, true), "Authorization",
          multidriver.node.TestSecrets.bearer(multidriver.node.TestSecrets.ALICE_TOKEN)).statusCode(), "admin only");

      assertEquals(400, c.http(follower, "POST", "/cluster/members", member(c, 3, false)).statusCode(),
          "a new member starts as a learner");
      HttpResponse<String> same = c.http(follower, "POST", "/cluster/members", "{\"id\":" + follower + "}");
      assertEquals(200, same.statusCode(), "no \"learner\": the member keeps its role (nothing changes): " + same.body());
      assertTrue(c.nodes[leader].status().membership().isVoter(NodeId.of(follower)));

      // Server 3 starts empty and waits; added as a learner (through a follower), it catches up.
      c.start(3);
      assertEquals(Role.FOLLOWER, c.nodes[3].status().role());
      HttpResponse<String> added = c.http(follower, "POST", "/cluster/members", member(c, 3, true));
      assertEquals(200, added.statusCode(), added.body());
      long target = c.nodes[leader].status().commitIndex();
      TestCluster.await("the learner applies the log", () -> c.nodes[3].status().lastApplied() >= target);
      assertTrue(c.nodes[3].status().membership().contains(NodeId.of(3)), "it learned its own configuration");
      assertFalse(c.nodes[3].status().membership().isVoter(NodeId.of(3)));

      // Server 4 is added but never started: promoting it is refused (409) while it is behind; then removed.
      assertEquals(200, c.http(leader, "POST", "/cluster/members", member(c, 4, true)).statusCode());
      HttpResponse<String> behind = c.http(leader, "POST", "/cluster/members", member(c, 4, false));
      assertEquals(409, behind.statusCode(), behind.body());
      assertTrue(json(behind).get("error").asText().contains("has not caught up"), behind.body());
      assertEquals(200, c.http(follower, "DELETE", "/cluster/members/4", null).statusCode());

      // Promote 3: four voters now.
      // 409 while the learner is still behind the commit index (it just got the removal of 4): retried.
      HttpResponse<String> promoted = c.http(follower, "POST", "/cluster/members", "{\"id\":3,\"learner\":false}");
      for (int attempt = 0; attempt < 100 && promoted.statusCode() == 409; attempt++) {
        Thread.sleep(100);
        promoted = c.http(follower, "POST", "/cluster/members", "{\"id\":3,\"learner\":false}");
      }
      HttpResponse<String> answer = promoted;
      assertEquals(200, answer.statusCode(), () -> answer.body() + " " + statuses(c));
      TestCluster.await("four voters everywhere", () -> {
        for (int i = 0; i < 4; i++) if (c.nodes[i].status().membership().voterCount() != 4) return false;
        return true;
      });
      assertEquals(200, c.http(3, "PUT", "/kv/from-the-new-member", "yes").statusCode(), "it forwards to the leader");

      // The leader removes itself: it hands over and stops leading; writes go on with the others.
      long term = c.nodes[leader].status().term();
      HttpResponse<String> removed = c.http(leader, "DELETE", "/cluster/members/" + leader, null);
      assertEquals(200, removed.statusCode(), removed.body());
      TestCluster.await("a new leader among the others", () -> {
        for (int i = 0; i < 4; i++) {
          if (i != leader && c.nodes[i].status().isLeader()) return true;
        }
        return false;
      });
      int next = -1;
      for (int i = 0; i < 4; i++) if (i != leader && c.nodes[i].status().isLeader()) next = i;
      assertNotEquals(Role.LEADER, c.nodes[leader].status().role());
      assertEquals(200, c.http(next, "PUT", "/kv/after-removal", "1").statusCode());
      long nextTerm = c.nodes[next].status().term();
      assertTrue(nextTerm > term);
      Thread.sleep(1_500);
      assertEquals(nextTerm, c.nodes[next].status().term(), "the removed server does not disrupt the cluster");
      assertEquals(3, c.nodes[next].status().membership().voterCount());
      assertEquals(0, c.fatalErrors.size(), () -> "fatal errors: " + c.fatalErrors);
    }
  }
}
