package multidriver.node.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftNode;
import multidriver.node.http.HttpApi;
import multidriver.node.http.Metrics;
import multidriver.node.storage.Wal;
import multidriver.node.transport.TcpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: WAL, Raft core on its event loop, TCP transport and HTTP API, wired together and started in
 * dependency order. Used by {@link NodeMain} and by the in-JVM cluster tests.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
  private static final int PEER_QUEUE_CAPACITY = 8192;

  private final NodeConfig config;
  private final FileChannel lockChannel;
  private final Wal wal;
  private final EventLoop loop;
  private final TcpTransport transport;
  private final HttpApi http;
  private final int httpPort;
  private boolean closed;

  private NodeServer(NodeConfig config, FileChannel lockChannel, Wal wal, EventLoop loop, TcpTransport transport,
      HttpApi http, int httpPort) {
    this.config = config;
    this.lockChannel = lockChannel;
    this.wal = wal;
    this.loop = loop;
    this.transport = transport;
    this.http = http;
    this.httpPort = httpPort;
  }

  /**
   * Recovers from the WAL under {@code DATA_DIR} and starts serving. {@code onFatal} is called (on the event-loop
   * thread) if the node must stop because of a storage error or a broken invariant.
   */
  public static NodeServer start(NodeConfig config, Consumer<Throwable> onFatal) throws IOException {
    Files.createDirectories(config.dataDir());
    FileChannel lock = lockDataDir(config.dataDir());
    Wal wal = Wal.open(config.dataDir().resolve("wal"));
    List<NodeId> others = new ArrayList<>();
    for (int id = 0; id < config.peers().size(); id++) {
      if (id != config.nodeId()) {
        others.add(NodeId.of(id));
      }
    }
    // Randomness only spreads election timeouts apart (§5.2); the seed needs no reproducibility in a real node.
    long seed = System.nanoTime() ^ (0x9E3779B97F4A7C15L * (config.nodeId() + 1));
    RaftNode raft = new RaftNode(NodeId.of(config.nodeId()), others, config.raftConfig(), new SplittableRandom(seed),
        wal.recovered());
    EventLoop loop = new EventLoop(config, raft, wal, onFatal);
    List<InetSocketAddress> addresses = config.peers().stream()
        .map(p -> InetSocketAddress.createUnresolved(p.host(), p.port())).toList();
    TcpTransport transport = new TcpTransport(config.nodeId(), config.clusterId(), addresses,
        new InetSocketAddress(config.bindHost(), config.raftPort()), loop::deliver, PEER_QUEUE_CAPACITY);
    loop.setNetwork(transport::send);
    Metrics metrics = new Metrics(loop::status, () -> new Metrics.Counters(transport.sentFrames(),
        transport.droppedFrames(), transport.receivedFrames(), transport.refusedFrames(), transport.connects(),
        loop.droppedPeerMessages(), loop.queuedClientRequests(), loop.takeMaxIterationNs(), loop.slowIterations()));
    HttpApi http = new HttpApi(config, loop, metrics);
    transport.start();
    loop.start();
    int httpPort = http.start();
    LOG.info("node {} serving: raft {}:{}, http {}:{}, data {}, {} peers", config.nodeId(), config.bindHost(),
        transport.localPort(), config.bindHost(), httpPort, config.dataDir(), config.peers().size());
    return new NodeServer(config, lock, wal, loop, transport, http, httpPort);
  }

  /** One process per data directory: two writers on one WAL would corrupt it. */
  private static FileChannel lockDataDir(Path dataDir) throws IOException {
    FileChannel ch = FileChannel.open(dataDir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IOException("data directory " + dataDir + " is in use by another process");
    }
    return ch;
  }

  public NodeStatus status() {
    return loop.status();
  }

  public int httpPort() {
    return httpPort;
  }

  public NodeConfig config() {
    return config;
  }

  /** Orderly stop: HTTP first (no new requests), then the loop, transport and WAL. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.close();
    loop.close();
    transport.close();
    try {
      wal.close();
    } catch (IOException e) {
      LOG.warn("closing WAL: {}", e.toString());
    }
    try {
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("releasing data-dir lock: {}", e.toString());
    }
    LOG.info("node {} stopped", config.nodeId());
  }
}
