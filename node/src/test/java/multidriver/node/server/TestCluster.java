package multidriver.node.server;

import java.io.IOException;
import multidriver.node.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * N real nodes in this JVM, talking over loopback TCP and serving HTTP on free ports, each with its own data
 * directory. Nodes can be stopped and restarted on the same ports and data.
 */
final class TestCluster implements AutoCloseable {
  final List<NodeConfig> configs = new ArrayList<>();
  private final List<Map<String, String>> envs = new ArrayList<>();
  /** Every server's Raft and HTTP address, by id ({@code 127.0.0.1:port}). */
  final List<String> raftAddresses = new ArrayList<>();
  final List<String> httpAddresses = new ArrayList<>();
  final NodeServer[] nodes;
  final List<Throwable> fatalErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  TestCluster(int size, Path dir, Map<String, String> extraEnv) throws IOException {
    this(size, 0, dir, extraEnv);
  }

  /**
   * {@code size} founding members, and {@code spares} more servers (ids {@code size...}) configured to join the
   * running cluster empty (JOIN=true, PEERS = the founders); spares are started and added by the test.
   */
  TestCluster(int size, int spares, Path dir, Map<String, String> extraEnv) throws IOException {
    nodes = new NodeServer[size + spares];
    List<String> raft = new ArrayList<>();
    List<String> http = new ArrayList<>();
    for (int i = 0; i < size + spares; i++) {
      raft.add("127.0.0.1:" + FreePorts.pick());
      http.add("127.0.0.1:" + FreePorts.pick());
    }
    raftAddresses.addAll(raft);
    httpAddresses.addAll(http);
    for (int i = 0; i < size + spares; i++) {
      Map<String, String> env = new HashMap<>(extraEnv);
      env.put("NODE_ID", Integer.toString(i));
      env.put("PEERS", String.join(",", raft.subList(0, size)));
      env.put("HTTP_PEERS", String.join(",", http.subList(0, size)));
      env.put("BIND_HOST", "127.0.0.1");
      env.put("RAFT_PORT", raft.get(i).split(":")[1]);
      env.put("HTTP_PORT", http.get(i).split(":")[1]);
      env.put("DATA_DIR", dir.resolve("node-" + i).toString());
      env.put(i < size ? "BOOTSTRAP" : "JOIN", "true");
      env.put("CLUSTER_SECRET_FILE", multidriver.node.TestSecrets.file(dir).toString());
      env.put("TOKENS_FILE", multidriver.node.TestSecrets.tokensFile(dir).toString());
      env.put("CLUSTER_ID", "test-cluster");
      env.putIfAbsent("ELECTION_TIMEOUT_MS", "150-300");
      env.putIfAbsent("HEARTBEAT_MS", "30");
      env.putIfAbsent("TICK_MS", "10");
      env.putIfAbsent("REQUEST_TIMEOUT_MS", "3000");
      envs.add(env);
      configs.add(NodeConfig.from(env, new String[0]));
    }
  }

  /** Sets one setting of node {@code i} alone, before it starts (e.g. a node that behaves as an older release). */
  TestCluster with(int i, String setting, String value) {
    envs.get(i).put(setting, value);
    configs.set(i, NodeConfig.from(envs.get(i), new String[0]));
    return this;
  }


  /** Starts the founding members (spares wait to be started by the test). */
  TestCluster startAll() throws IOException {
    for (int i = 0; i < nodes.length; i++) {
      if (!configs.get(i).join()) start(i);
    }
    return this;
  }

  void start(int i) throws IOException {
    nodes[i] = NodeServer.start(configs.get(i), fatalErrors::add);
    // Ready when its HTTP port answers (any status), as a load balancer's health check would see it.
    await("node " + i + " answers HTTP", () -> {
      try {
        return http(i, "GET", "/health", null).statusCode() > 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  void stop(int i) {
    nodes[i].close();
    nodes[i] = null;
  }

  boolean running(int i) {
    return nodes[i] != null;
  }

  /** Waits until exactly one running node is leader and every running node names it; returns its id. */
  int awaitLeader() {
    int[] leader = {-1};
    await("a single leader known to all running nodes", () -> {
      int found = -1;
      for (int i = 0; i < nodes.length; i++) {
        if (nodes[i] != null && nodes[i].status().isLeader()) {
          if (found >= 0) {
            return false;
          }
          found = i;
        }
      }
      if (found < 0) {
        return false;
      }
      for (NodeServer n : nodes) {
        // Servers outside the leader's configuration (a spare not added yet, a removed one) follow nobody.
        boolean member = n != null && nodes[found].status().membership()
            .contains(multidriver.core.raft.NodeId.of(n.status().id()));
        if (member && n.status().leader() != found) {
          return false;
        }
      }
      leader[0] = found;
      return true;
    });
    return leader[0];
  }

  int anyFollower(int leader) {
    for (int i = 0; i < nodes.length; i++) {
      if (i != leader && nodes[i] != null) {
        return i;
      }
    }
    throw new IllegalStateException("no running follower");
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** A request as the admin, unless {@code headers} name another {@code Authorization} (or {@code ""} for none). */
  HttpResponse<String> http(int node, String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes[node].httpPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    boolean authorizationGiven = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Authorization")) {
        authorizationGiven = true;
        if (!headers[i + 1].isEmpty()) {
          b.header(headers[i], headers[i + 1]);
        }
      } else {
        b.header(headers[i], headers[i + 1]);
      }
    }
    if (!authorizationGiven) {
      b.header("Authorization", multidriver.node.TestSecrets.bearer(multidriver.node.TestSecrets.ADMIN_TOKEN));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        stop(i);
      }
    }
  }
}
