package multidriver.node.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import multidriver.node.http.HttpApi;
import multidriver.node.http.Metrics;
import multidriver.node.http.auth.Authenticator;
import multidriver.node.storage.DiskFileSystem;
import multidriver.node.transport.PeerTls;
import multidriver.node.transport.TcpTransport;
import multidriver.server.NodeStatus;
import multidriver.server.ServerCore;
import multidriver.server.ServerOptions;
import multidriver.server.wal.Wal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the {@link ServerCore} (Raft, WAL, state machine, request path) bound to the real disk
 * ({@link DiskFileSystem}), the real clock and TCP on its event-loop thread, plus the HTTP API; wired together and
 * started in dependency order. Used by {@link NodeMain} and by the in-JVM cluster tests.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
  private static final int PEER_QUEUE_CAPACITY = 8192;

  private final NodeConfig config;
  private final FileChannel lockChannel;
  private final DiskFileSystem disk;
  private final EventLoop loop;
  private final TcpTransport transport;
  private final HttpApi http;
  private final int httpPort;
  private boolean closed;

  private final ServerCore core;

  private NodeServer(NodeConfig config, FileChannel lockChannel, DiskFileSystem disk, ServerCore core,
      EventLoop loop, TcpTransport transport, HttpApi http, int httpPort) {
    this.config = config;
    this.lockChannel = lockChannel;
    this.disk = disk;
    this.core = core;
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
    byte[] clusterSecret = config.clusterSecret(); // before touching the data directory: a clear error first
    PeerTls tls = config.tls()
        ? PeerTls.load(config.nodeId(), config.tlsCertFile(), config.tlsKeyFile(), config.tlsCaFile()) : null;
    Authenticator auth = config.authDisabled() ? Authenticator.disabled() : Authenticator.fromFile(config.tokensFile());
    if (!auth.enabled()) {
      LOG.warn("AUTH=off: the HTTP API accepts every caller (a local experiment only; see the README's security section)");
    }
    DiskFileSystem.createDirectoriesDurably(config.dataDir());
    FileChannel lock = lockDataDir(config.dataDir());
    DiskFileSystem disk = new DiskFileSystem(config.dataDir());
    ServerOptions options = new ServerOptions(config.nodeId(), config.bootstrapMembership(), config.raftConfig(), "wal",
        Wal.DEFAULT_SEGMENT_BYTES, config.bootstrap() || config.join(), config.requestTimeoutMs(), config.unsafeStaleReads(),
        ServerOptions.DEFAULT_MAX_SESSIONS, ServerOptions.DEFAULT_SESSION_EXPIRY_ENTRIES, Set.of(),
        config.snapshotEveryEntries(), config.snapshotEveryBytes(), config.wireVersion());
    // Randomness only spreads election timeouts apart (§5.2); the seed needs no reproducibility in a real node.
    long seed = System.nanoTime() ^ (0x9E3779B97F4A7C15L * (config.nodeId() + 1));
    TcpTransport[] transport = new TcpTransport[1];
    ServerCore core;
    try {
      core = ServerCore.open(options, disk, new multidriver.server.io.PeerSender() {
        @Override
        public void send(multidriver.core.raft.message.Message m) {
          transport[0].send(m);
        }

        @Override
        public boolean send(multidriver.server.PeerForward f) {
          return transport[0].send(f);
        }
      }, System::nanoTime, new SplittableRandom(seed));
    } catch (IOException | RuntimeException e) {
      disk.close();
      lock.close();
      throw e;
    }
    for (String note : core.recoveryNotes()) {
      LOG.info("WAL {}: {}", config.dataDir().resolve("wal"), note);
    }
    EventLoop loop = new EventLoop(config, core, onFatal);
    List<InetSocketAddress> addresses = config.peers().stream()
        .map(p -> InetSocketAddress.createUnresolved(p.host(), p.port())).toList();
    transport[0] = new TcpTransport(config.nodeId(), config.clusterId(), clusterSecret, tls, addresses,
        new InetSocketAddress(config.bindHost(), config.raftPort()), loop::deliver, PEER_QUEUE_CAPACITY);
    TcpTransport t = transport[0];
    t.setWireVersion(config.wireVersion());
    Metrics metrics = new Metrics(loop::status, () -> new Metrics.Counters(t.sentFrames(),
        t.droppedFrames(), t.receivedFrames(), t.refusedFrames() + loop.rejectedPeerMessages(), t.connects(),
        loop.droppedPeerMessages(), loop.queuedClientRequests(), loop.takeMaxIterationNs(), loop.slowIterations(),
        auth.tokensFileValid()));
    HttpApi http = new HttpApi(config, loop, metrics, auth, id -> transport[0].lastAnnouncedWireVersion(id));
    loop.onMembership(m -> {
      t.advertise(selfRaftAddress(config, m));
      t.updatePeers(peerAddresses(config, m));
    });
    t.advertise(selfRaftAddress(config, core.status(false).reachable()));
    t.updatePeers(peerAddresses(config, core.status(false).reachable()));
    t.start();
    loop.start();
    int httpPort = http.start();
    LOG.info("node {} serving: raft {}:{}, http {}:{}, data {}, {} peers", config.nodeId(), config.bindHost(),
        t.localPort(), config.bindHost(), httpPort, config.dataDir(), config.peers().size());
    return new NodeServer(config, lock, disk, core, loop, t, http, httpPort);
  }

  /**
   * Where this node's Raft links go: every member of the configuration in effect, at the address its member entry
   * gives (falling back to PEERS by id for entries without one). A server that knows no configuration yet (it is
   * joining) talks to everyone in PEERS, one of whom leads.
   */
  static java.util.Map<Integer, InetSocketAddress> peerAddresses(NodeConfig config,
      multidriver.core.raft.Membership membership) {
    java.util.TreeMap<Integer, InetSocketAddress> out = new java.util.TreeMap<>();
    if (membership.members().isEmpty()) {
      for (int id = 0; id < config.peers().size(); id++) {
        out.put(id, InetSocketAddress.createUnresolved(config.peers().get(id).host(), config.peers().get(id).port()));
      }
      return out;
    }
    for (multidriver.core.raft.NodeId member : membership.ids()) {
      HostPort raft = config.raftAddressOf(membership, member.value());
      if (raft != null) out.put(member.value(), InetSocketAddress.createUnresolved(raft.host(), raft.port()));
    }
    return out;
  }

  /** This node's Raft address as the others dial it: its member entry's, else its PEERS entry; null if unknown. */
  static String selfRaftAddress(NodeConfig config, multidriver.core.raft.Membership membership) {
    HostPort self = config.raftAddressOf(membership, config.nodeId());
    return self == null ? null : self.toString();
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

  /** The event loop (tests read its counters). */
  EventLoop loop() {
    return loop;
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
      if (!loop.isAlive()) {
        core.close(); // the loop thread is gone: this thread may touch the core now
      }
      disk.close();
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
