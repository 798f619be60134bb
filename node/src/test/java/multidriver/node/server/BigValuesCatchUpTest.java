package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The big-values case: a follower that missed 64 writes of 1 MiB each (more than one 64 MiB frame) catches
 * up, because the leader batches appends by bytes; before, the link's thread died on the oversized frame and the
 * follower never caught up.
 */
class BigValuesCatchUpTest {
  @TempDir Path dir;

  @Test
  void aFollowerThatMissed64OneMebibyteWritesCatchesUp() throws Exception {
    try (TestCluster cluster = new TestCluster(3, dir, Map.of("REQUEST_TIMEOUT_MS", "10000")).startAll()) {
      int leader = cluster.awaitLeader();
      int lagging = cluster.anyFollower(leader);
      cluster.stop(lagging);
      String mebibyte = "v".repeat((1 << 20) - 16);
      long lastIndex = 0;
      for (int i = 0; i < 64; i++) {
        HttpResponse<String> put = cluster.http(leader, "PUT", "/kv/big-" + i, mebibyte + i);
        assertEquals(200, put.statusCode(), put.body());
        lastIndex = new ObjectMapper().readTree(put.body()).get("index").asLong();
      }
      cluster.start(lagging);
      long target = lastIndex;
      TestCluster.await("the lagging follower applied all 64 MiB", () ->
          cluster.nodes[lagging].status().lastApplied() >= target);
      // Without the old leader, the caught-up follower is half of the quorum that serves the values.
      cluster.stop(leader);
      cluster.awaitLeader();
      HttpResponse<String> get = cluster.http(lagging, "GET", "/kv/big-63", null);
      assertEquals(200, get.statusCode(), get.body().length() > 200 ? get.body().substring(0, 200) : get.body());
      assertEquals(mebibyte + 63, new ObjectMapper().readTree(get.body()).get("value").asText());
      assertEquals(0, cluster.fatalErrors.size(), () -> "fatal errors: " + cluster.fatalErrors);
    }
  }
}
