package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  static final String FIVE = "node-0:29001,node-1:29001,node-2:29001,node-3:29001,node-4:29001";
  static final String SECRET = "/run/secrets/cluster.secret";

  /** Every configuration names its secret file (read only when the node starts). */
  static Map<String, String> env(String... keyValues) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("CLUSTER_SECRET_FILE", SECRET);
    env.put("TOKENS_FILE", "/run/secrets/tokens");
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsMatchTheDockerGuide() {
    NodeConfig c = NodeConfig.from(env(), new String[0]);
    assertEquals(0, c.nodeId());
    assertEquals(29001, c.raftPort());
    assertEquals(9081, c.httpPort());
    assertEquals(Path.of("/data"), c.dataDir());
    assertEquals(300, c.electionTimeoutMinMs());
    assertEquals(600, c.electionTimeoutMaxMs());
    assertEquals(List.of(new HostPort("node-0", 29001)), c.peers());
    assertEquals(false, c.unsafeStaleReads());
  }

  @Test
  void environmentDescribesAFiveNodeClusterAndHttpPeersDefaultToThePeerHosts() {
    NodeConfig c = NodeConfig.from(env("NODE_ID", "3", "PEERS", FIVE, "ELECTION_TIMEOUT_MS", "200-400",
        "HEARTBEAT_MS", "40", "TICK_MS", "5", "CLUSTER_ID", "test"), new String[0]);
    assertEquals(3, c.nodeId());
    assertEquals(5, c.peers().size());
    assertEquals(new HostPort("node-4", 9081), c.httpPeers().get(4));
    assertEquals(40, c.raftConfig().electionTimeoutMinTicks());
    assertEquals(80, c.raftConfig().electionTimeoutMaxTicks());
    assertEquals(8, c.raftConfig().heartbeatIntervalTicks());
  }

  @Test
  void flagsOverrideTheEnvironment() {
    NodeConfig c = NodeConfig.from(env("NODE_ID", "0", "PEERS", FIVE),
        new String[] {"--node-id", "2", "--data-dir=/tmp/x", "--unsafe-stale-reads", "true"});
    assertEquals(2, c.nodeId());
    assertEquals(Path.of("/tmp/x"), c.dataDir());
    assertTrue(c.unsafeStaleReads());
  }

  @Test
  void badSettingsAreRejectedWithTheirName() {
    assertMessage("NODE_ID 5", env("NODE_ID", "5", "PEERS", FIVE, "BOOTSTRAP", "true"));
    assertMessage("JOIN and BOOTSTRAP", env("NODE_ID", "0", "PEERS", FIVE, "BOOTSTRAP", "true", "JOIN", "true"));
    assertMessage("ELECTION_TIMEOUT_MS", env("ELECTION_TIMEOUT_MS", "fast"));
    assertMessage("HEARTBEAT_MS", env("HEARTBEAT_MS", "400"));
    assertMessage("RAFT_PORT must be an integer", env("RAFT_PORT", "x"));
    assertMessage("PEERS: expected host:port", env("PEERS", "node-0"));
    assertMessage("HTTP_PEERS has 1", env("PEERS", "a:1,b:2", "HTTP_PEERS", "a:3"));
    assertMessage("UNSAFE_STALE_READS", env("UNSAFE_STALE_READS", "maybe"));
    assertMessage("CLUSTER_SECRET_FILE must name", Map.of());
    assertMessage("TOKENS_FILE must name", Map.of("CLUSTER_SECRET_FILE", SECRET));
    assertMessage("AUTH must be on or off", env("AUTH", "maybe"));
    assertMessage("all three or none (2 given)", env("TLS_CERT_FILE", "a.crt", "TLS_KEY_FILE", "a.key"));
    assertTrue(NodeConfig.from(Map.of("CLUSTER_SECRET_FILE", SECRET, "AUTH", "off"), new String[0]).authDisabled(),
        "AUTH=off needs no tokens file");
    NodeConfig tls = NodeConfig.from(env("NODE_ID", "2", "PEERS", FIVE, "TLS_DIR", "/run/secrets/tls"), new String[0]);
    assertTrue(tls.tls());
    assertEquals(Path.of("/run/secrets/tls/node-2.crt"), tls.tlsCertFile());
    assertEquals(Path.of("/run/secrets/tls/node-2.key"), tls.tlsKeyFile());
    assertEquals(Path.of("/run/secrets/tls/ca.crt"), tls.tlsCaFile());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(env(), new String[] {"--node-idd", "1"}));
    assertTrue(e.getMessage().contains("unknown flag --node-idd"), e.getMessage());
  }

  @Test
  void aShortOrMissingSecretFileIsAClearErrorAtStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path shortSecret = dir.resolve("short");
    java.nio.file.Files.writeString(shortSecret, "tooshort\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(env("CLUSTER_SECRET_FILE", shortSecret.toString()), new String[0]).clusterSecret());
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.from(env("CLUSTER_SECRET_FILE", dir.resolve("nope").toString()), new String[0])
            .clusterSecret());
    assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
  }

  private static void assertMessage(String expected, Map<String, String> env) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeConfig.from(env, new String[0]));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
