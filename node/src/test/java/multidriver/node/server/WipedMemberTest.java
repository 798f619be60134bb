package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import multidriver.node.FreePorts;
import multidriver.server.wal.WalMissingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that lost its data directory must not come back as a fresh voter: it forgot the vote it cast in the
 * current term and could vote again (§5.2). The node refuses to start and says how to recover.
 */
class WipedMemberTest {
  @TempDir Path dir;

  @Test
  void aMemberWhoseDataWasWipedRefusesToStartWithoutBootstrap() throws Exception {
    Path data = dir.resolve("node-0");
    Map<String, String> env = Map.of("NODE_ID", "0", "PEERS", "127.0.0.1:" + FreePorts.pick() + ",127.0.0.1:"
        + FreePorts.pick() + ",127.0.0.1:" + FreePorts.pick(), "BIND_HOST", "127.0.0.1", "HTTP_PORT",
        Integer.toString(FreePorts.pick()), "DATA_DIR", data.toString(), "BOOTSTRAP", "true", "CLUSTER_SECRET_FILE",
        multidriver.node.TestSecrets.file(dir).toString(), "TOKENS_FILE",
        multidriver.node.TestSecrets.tokensFile(dir).toString());
    NodeConfig first = NodeConfig.from(env, new String[0]);
    try (NodeServer node = NodeServer.start(first, t -> { })) {
      assertTrue(Files.isDirectory(data.resolve("wal")));
    }
    try (Stream<Path> files = Files.walk(data.resolve("wal"))) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    NodeConfig restart = NodeConfig.from(env, new String[] {"--bootstrap", "false"});
    WalMissingException e = assertThrows(WalMissingException.class, () -> NodeServer.start(restart, t -> { }));
    assertTrue(e.getMessage().contains("re-add"), e.getMessage());
    // The refusal released the data directory: a started-to-bootstrap node may still take it.
    try (NodeServer node = NodeServer.start(first, t -> { })) {
      assertTrue(node.status() != null);
    }
  }
}
