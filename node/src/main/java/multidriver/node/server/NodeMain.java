package multidriver.node.server;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Process entry point: configuration from environment and flags (see {@link NodeConfig#HELP}). */
public final class NodeMain {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  private NodeMain() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(NodeConfig.HELP);
      System.exit(0);
    }
    NodeConfig config;
    try {
      config = NodeConfig.from(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("configuration error: " + e.getMessage() + "\n(run with --help for the settings)");
      System.exit(2);
      return;
    }
    MDC.put("node", Integer.toString(config.nodeId()));
    NodeServer server;
    try {
      server = NodeServer.start(config, failure -> {
        // Fail-stop: exit from another thread so shutdown hooks cannot wait on the failing event loop.
        Thread t = new Thread(() -> System.exit(2), "fatal-exit");
        t.start();
      });
    } catch (Exception e) {
      LOG.error("node {} failed to start", config.nodeId(), e);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
  }
}
