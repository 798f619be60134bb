package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import multidriver.node.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes are killed with SIGKILL while clients are writing, then restarted from their data
 * directories: every write that was acknowledged must still be there. (SIGKILL keeps the page cache, so this
 * checks that nothing is acknowledged before it is written and that recovery handles whatever a crash leaves,
 * including a torn last record; the fsync itself is covered by the WAL's contract and the simulator.)
 */
class KillNineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int NODES = 3;
  @TempDir Path dir;
  final Process[] processes = new Process[NODES];
  final int[] httpPorts = new int[NODES];
  final List<String> raftAddresses = new ArrayList<>();
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @AfterEach
  void killAll() {
    for (Process p : processes) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  void launch(int id) throws IOException {
    List<String> http = new ArrayList<>();
    for (int port : httpPorts) {
      http.add("127.0.0.1:" + port);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only and the serial collector: these short-lived JVMs start faster and compete less for the CPU.
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), NodeMain.class.getName());
    Map<String, String> env = pb.environment();
    env.put("NODE_ID", Integer.toString(id));
    env.put("PEERS", String.join(",", raftAddresses));
    env.put("HTTP_PEERS", String.join(",", http));
    env.put("BIND_HOST", "127.0.0.1");
    env.put("RAFT_PORT", raftAddresses.get(id).split(":")[1]);
    env.put("HTTP_PORT", Integer.toString(httpPorts[id]));
    env.put("DATA_DIR", dir.resolve("node-" + id).toString());
    env.put("BOOTSTRAP", "true");
    env.put("CLUSTER_SECRET_FILE", multidriver.node.TestSecrets.file(dir).toString());
    env.put("TOKENS_FILE", multidriver.node.TestSecrets.tokensFile(dir).toString());
    env.put("ELECTION_TIMEOUT_MS", "300-600");
    env.put("HEARTBEAT_MS", "50");
    env.put("REQUEST_TIMEOUT_MS", "2000");
    env.put("LOG_LEVEL", "WARN");
    File log = dir.resolve("node-" + id + ".log").toFile();
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    processes[id] = pb.start();
  }

  HttpResponse<String> call(int node, String method, String path, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[node] + path))
        .timeout(Duration.ofSeconds(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", multidriver.node.TestSecrets.bearer(multidriver.node.TestSecrets.ADMIN_TOKEN))
        .build();
    return client.send(r, HttpResponse.BodyHandlers.ofString());
  }

  void awaitHealthy() {
    TestCluster.await("every node healthy with a leader", () -> {
      for (int i = 0; i < NODES; i++) {
        try {
          if (call(i, "GET", "/health", null).statusCode() != 200) {
            return false;
          }
        } catch (Exception notYet) {
          return false;
        }
      }
      return true;
    });
  }

  int leader() throws Exception {
    for (int i = 0; i < NODES; i++) {
      if ("LEADER".equals(JSON.readTree(call(i, "GET", "/status", null).body()).get("role").asText())) {
        return i;
      }
    }
    return 0; // leadership moved meanwhile: any node forwards
  }

  @Test
  void acknowledgedWritesSurviveKillNineOfTheWholeCluster() throws Exception {
    for (int i = 0; i < NODES; i++) {
      raftAddresses.add("127.0.0.1:" + FreePorts.pick());
      httpPorts[i] = FreePorts.pick();
    }
    for (int i = 0; i < NODES; i++) {
      launch(i);
    }
    awaitHealthy();

    // Four clients write distinct keys through all nodes (followers forward) and remember what was acknowledged.
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int clientId = c;
      Thread t = new Thread(() -> {
        for (int n = 0; writing.get(); n++) {
          String key = "c" + clientId + "-" + n;
          try {
            HttpResponse<String> r = call(n % NODES, "PUT", "/kv/" + key, "value-" + n);
            if (r.statusCode() == 200) {
              acknowledged.put(key, "value-" + n);
            }
          } catch (Exception crashed) {
            // the node died mid-request: unacknowledged, may or may not be applied
          }
        }
      });
      t.start();
      clients.add(t);
    }
    TestCluster.await("some writes acknowledged", () -> acknowledged.size() >= 100);

    // SIGKILL every node at an arbitrary moment, with writes in flight.
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      p.waitFor();
    }
    writing.set(false);
    for (Thread t : clients) {
      t.join();
    }
    Map<String, String> expected = Map.copyOf(acknowledged);

    for (int i = 0; i < NODES; i++) {
      launch(i);
    }
    awaitHealthy();
    int leader = leader();
    int missing = 0;
    for (Map.Entry<String, String> e : expected.entrySet()) {
      HttpResponse<String> r = call(leader, "GET", "/kv/" + e.getKey(), null);
      if (r.statusCode() != 200 || !e.getValue().equals(JSON.readTree(r.body()).get("value").asText())) {
        missing++;
      }
    }
    assertTrue(expected.size() >= 100, "writes were acknowledged before the crash: " + expected.size());
    assertEquals(0, missing, "acknowledged writes lost after kill -9 of all " + NODES + " nodes (of "
        + expected.size() + ")");
  }
}
