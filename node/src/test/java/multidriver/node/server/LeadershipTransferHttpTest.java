package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import multidriver.core.raft.Role;
import multidriver.node.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /cluster/transfer-leadership} on live nodes (thesis §3.10), through a follower and over mutual TLS. */
class LeadershipTransferHttpTest {
  @TempDir Path dir;

  @Test
  void leadershipMovesToTheChosenMemberAndWritesCarryOn() throws Exception {
    Map<String, String> tls = Map.of("TLS_DIR", multidriver.node.TestCerts.make(dir.resolve("tls"), 3).toString());
    try (TestCluster cluster = new TestCluster(3, dir, tls).startAll()) {
      int leader = cluster.awaitLeader();
      int follower = cluster.anyFollower(leader);
      int target = 3 - leader - follower;
      String[] alice = {"Authorization", TestSecrets.bearer(TestSecrets.ALICE_TOKEN)};
      assertEquals(403, cluster.http(follower, "POST", "/cluster/transfer-leadership", "{\"to\":" + target + "}", alice)
          .statusCode(), "an admin route");
      assertEquals(400, cluster.http(follower, "POST", "/cluster/transfer-leadership", "{\"to\":\"x\"}").statusCode());
      assertEquals(400, cluster.http(follower, "POST", "/cluster/transfer-leadership", "{\"to\":7}").statusCode());
      HttpResponse<String> self = cluster.http(follower, "POST", "/cluster/transfer-leadership", "{\"to\":" + leader + "}");
      assertEquals(409, self.statusCode(), self.body());
      assertEquals(200, cluster.http(leader, "PUT", "/kv/before", "1").statusCode());
      long term = cluster.nodes[leader].status().term();
      HttpResponse<String> r = cluster.http(follower, "POST", "/cluster/transfer-leadership", "{\"to\":" + target + "}");
      assertEquals(202, r.statusCode(), r.body()); // sent to a follower, forwarded to the leader
      TestCluster.await("node " + target + " leads", () -> cluster.nodes[target].status().role() == Role.LEADER);
      assertEquals(target, cluster.awaitLeader());
      assertEquals(term + 1, cluster.nodes[target].status().term(), "one election, no timeout churn");
      assertEquals(200, cluster.http(leader, "PUT", "/kv/after", "2").statusCode(), "writes go on through the old leader");
      assertEquals(200, cluster.http(target, "GET", "/kv/before", null).statusCode());
      assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
    }
  }
}
