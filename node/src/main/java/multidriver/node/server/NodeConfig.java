package multidriver.node.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.core.raft.RaftConfig;

/**
 * Everything a node process is configured with. Read from environment variables, overridden by flags of the
 * same name in kebab case ({@code --node-id 1} or {@code --node-id=1} for {@code NODE_ID}); see {@link #HELP}.
 */
public record NodeConfig(
    int nodeId,
    List<HostPort> peers,
    List<HostPort> httpPeers,
    String bindHost,
    int raftPort,
    int httpPort,
    Path dataDir,
    int electionTimeoutMinMs,
    int electionTimeoutMaxMs,
    int heartbeatMs,
    int tickMs,
    String clusterId,
    boolean unsafeStaleReads,
    int requestTimeoutMs,
    int maxKeyBytes,
    int maxValueBytes,
    int maxPendingRequests,
    boolean bootstrap,
    Path clusterSecretFile,
    Path tokensFile,
    boolean authDisabled,
    Path tlsCertFile,
    Path tlsKeyFile,
    Path tlsCaFile,
    int requestArrivalMs,
    long snapshotEveryEntries,
    long snapshotEveryBytes,
    boolean join,
    int wireVersion,
    long maxFileBytes) {

  public static final String HELP = """
      Usage: java -jar node.jar [--name value | --name=value]...
      Every setting is an environment variable; a flag with the kebab-case name overrides it.
        NODE_ID              this node's id: its index in PEERS for a founding member, a new id for a server that
                             joined later (default 0)
        PEERS                Raft addresses of all nodes, by id: node-0:29001,node-1:29001,... (default node-0:29001)
        HTTP_PEERS           HTTP addresses of all nodes, by id, used to forward client requests to the leader
                             (default: each PEERS host with this node's HTTP_PORT)
        BIND_HOST            listen address for both ports (default 0.0.0.0)
        RAFT_PORT            Raft RPC port (default 29001)
        HTTP_PORT            HTTP API port (default 9081)
        DATA_DIR             write-ahead log directory (default /data)
        ELECTION_TIMEOUT_MS  randomized election timeout range min-max (default 300-600)
        HEARTBEAT_MS         leader heartbeat interval (default 50)
        TICK_MS              event-loop tick period; all timeouts are rounded to ticks (default 10)
        CLUSTER_ID           carried in every Raft frame; frames of other clusters are refused (default multi_driver)
        CLUSTER_SECRET_FILE  file holding the cluster's shared secret (at least 16 bytes; e.g. 32 random bytes,
                             base64): every Raft frame is signed with it (HMAC-SHA256) and frames that do not verify
                             are dropped. Required: there is no default secret. The start scripts create one
        TOKENS_FILE          bearer tokens of the HTTP API, one per line: `<role> <name> <token>`, role read, write or
                             admin (admin > write > read), name [A-Za-z0-9._-]{1,64}, token >= 16 visible ASCII
                             characters; '#' starts a comment. Reread within a second of a change (rotation without a
                             restart). /health is open; /kv reads need read, writes and POST /sessions need write,
                             /status and /metrics need admin. A client id belongs to the token name that registered
                             it. Required unless AUTH=off
        AUTH                 off: no client authentication at all (local experiments only) (default on)
        TLS_CERT_FILE        PEM certificate of this node (CN=node-<NODE_ID>, signed by TLS_CA_FILE); with
        TLS_KEY_FILE         its PKCS#8 PEM key and
        TLS_CA_FILE          the cluster CA's PEM certificate, Raft RPC runs over mutual TLS: a peer must present a
                             certificate of the CA whose CN names the member it claims to be. All three or none
                             (scripts/make_certs.sh creates them)
        TLS_DIR              shorthand for the three: DIR/node-<NODE_ID>.crt, DIR/node-<NODE_ID>.key and DIR/ca.crt,
                             the layout of scripts/make_certs.sh (an explicit TLS_*_FILE wins)
        UNSAFE_STALE_READS   true: GET /kv answers from local state without ReadIndex (NOT linearizable; for
                             chaos tests that must show a checker catching stale reads) (default false)
        REQUEST_TIMEOUT_MS   bound on waiting for a commit or read (default 5000)
        MAX_KEY_BYTES        (default 1024)      MAX_VALUE_BYTES (default 1048576)
        MAX_PENDING_REQUESTS bound on client requests queued for the event loop (default 10000)
        MAX_FILE_BYTES       bound on one file of PUT /files/{name} (default 1073741824 = 1 GiB; at most 64 GiB)
        SNAPSHOT_EVERY_ENTRIES take a snapshot of the key-value state and drop the log it covers after this many
                             applied entries (default 10000; 0: never by count)
        SNAPSHOT_EVERY_BYTES ... or after entries of this many bytes (default 67108864 = 64 MiB; 0: never by size)
        REQUEST_ARRIVAL_MS   a request's headers must arrive within this, or the connection is closed (slowloris;
                             bodies are bounded by a minimum data rate of 256 B/s) (default 15000)
        BOOTSTRAP            true: an empty DATA_DIR may be initialised. Only for the first start of a new cluster:
                             a member that lost its data must not rejoin as a fresh voter (it could vote twice in a
                             term), so without this flag a missing WAL stops the node with an explanation
                             (default false)
        JOIN                 true: start with an empty DATA_DIR as a new server that joins the running cluster of
                             PEERS (thesis §4): it knows no configuration, never campaigns, and waits for the leader,
                             to which an operator adds it (POST /cluster/members, or scripts/replace_node.sh). Its
                             NODE_ID must be new: a server that lost its data never rejoins under its old id
                             (default false)
        WIRE_VERSION         the newest peer-message format this node decodes and announces to its peers (default
                             and newest: %d; oldest: %d). Peers always send the newest format both sides know, so
                             a rolling upgrade needs no setting; a lower value makes this node behave as the older
                             release would (mixed-version tests, or pinning new binaries before a downgrade)
      Exit codes: 0 clean shutdown, 2 bad configuration or startup failure.
      """.formatted(multidriver.server.codec.MessageCodec.WIRE_VERSION,
      multidriver.server.codec.MessageCodec.OLDEST_WIRE_VERSION);

  /** Every setting name; a flag must be one of them (kebab case). */
  static final java.util.Set<String> SETTINGS = java.util.Set.of("NODE_ID", "PEERS", "HTTP_PEERS", "BIND_HOST",
      "RAFT_PORT", "HTTP_PORT", "DATA_DIR", "ELECTION_TIMEOUT_MS", "HEARTBEAT_MS", "TICK_MS", "CLUSTER_ID",
      "UNSAFE_STALE_READS", "REQUEST_TIMEOUT_MS", "MAX_KEY_BYTES", "MAX_VALUE_BYTES", "MAX_PENDING_REQUESTS",
      "BOOTSTRAP", "CLUSTER_SECRET_FILE", "TOKENS_FILE", "AUTH", "TLS_CERT_FILE", "TLS_KEY_FILE", "TLS_CA_FILE",
      "TLS_DIR", "REQUEST_ARRIVAL_MS", "SNAPSHOT_EVERY_ENTRIES", "SNAPSHOT_EVERY_BYTES", "JOIN",
      "WIRE_VERSION", "MAX_FILE_BYTES");

  public NodeConfig {
    peers = List.copyOf(peers);
    httpPeers = List.copyOf(httpPeers);
    require(!peers.isEmpty(), "PEERS must list at least one node");
    // A founding member is one of PEERS; a server that joined later (JOIN=true, then restarts with its WAL) has a new
    // id of its own, and learns everyone's address from the configuration in its log.
    require(nodeId >= 0 && (!bootstrap || nodeId < peers.size()),
        "NODE_ID " + nodeId + " is not an index of PEERS (" + peers.size() + " entries): BOOTSTRAP starts a cluster of"
            + " PEERS; a new server joins with JOIN=true");
    require(!(join && bootstrap), "JOIN and BOOTSTRAP exclude each other: BOOTSTRAP starts a new cluster, JOIN joins"
        + " a running one");
    require(httpPeers.size() == peers.size(),
        "HTTP_PEERS has " + httpPeers.size() + " entries but PEERS has " + peers.size());
    require(tickMs >= 1, "TICK_MS must be >= 1");
    require(electionTimeoutMinMs <= electionTimeoutMaxMs, "ELECTION_TIMEOUT_MS min must be <= max");
    require(electionTimeoutMinMs >= 2 * tickMs, "ELECTION_TIMEOUT_MS min must be at least two ticks");
    require(heartbeatMs >= tickMs && heartbeatMs < electionTimeoutMinMs,
        "HEARTBEAT_MS must be in [TICK_MS, election timeout min)");
    require(clusterId != null && !clusterId.isBlank(), "CLUSTER_ID must not be empty");
    require(requestTimeoutMs >= 100, "REQUEST_TIMEOUT_MS must be >= 100");
    require(maxKeyBytes >= 1 && maxValueBytes >= 1, "size limits must be >= 1");
    // An entry must fit the message codec's and the WAL's bounds, or followers could never take it and replication
    // would stop behind it (headroom for the command's own fields).
    require(maxKeyBytes + (long) maxValueBytes * 2 + 1024 <= multidriver.server.codec.MessageCodec.MAX_ENTRY_BYTES,
        "MAX_KEY_BYTES + 2 x MAX_VALUE_BYTES (a cas carries two values) must stay below "
            + (multidriver.server.codec.MessageCodec.MAX_ENTRY_BYTES - 1024) + " bytes");
    require(maxPendingRequests >= 1, "MAX_PENDING_REQUESTS must be >= 1");
    require(requestArrivalMs >= 1_000, "REQUEST_ARRIVAL_MS must be >= 1000");
    require(maxFileBytes >= 0 && maxFileBytes <= multidriver.core.kv.FileTable.MAX_FILE_BYTES,
        "MAX_FILE_BYTES must be in [0, " + multidriver.core.kv.FileTable.MAX_FILE_BYTES + "]");
    require(snapshotEveryEntries >= 0 && snapshotEveryBytes >= 0, "SNAPSHOT_EVERY_* must be >= 0 (0: off)");
    require(multidriver.server.codec.MessageCodec.knownWireVersion(wireVersion), "WIRE_VERSION must be in ["
        + multidriver.server.codec.MessageCodec.OLDEST_WIRE_VERSION + ", "
        + multidriver.server.codec.MessageCodec.WIRE_VERSION + "], got " + wireVersion);
    require(clusterSecretFile != null, "CLUSTER_SECRET_FILE must name the file with the cluster's shared secret"
        + " (there is no default secret; e.g. head -c 32 /dev/urandom | base64 > cluster.secret)");
    require(authDisabled || tokensFile != null, "TOKENS_FILE must name the file of HTTP bearer tokens (lines"
        + " `<role> <name> <token>`), or AUTH=off for an unauthenticated local experiment");
    int tlsFiles = (tlsCertFile == null ? 0 : 1) + (tlsKeyFile == null ? 0 : 1) + (tlsCaFile == null ? 0 : 1);
    require(tlsFiles == 0 || tlsFiles == 3, "TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE go together: all three or"
        + " none (" + tlsFiles + " given)");
  }

  /** Raft RPC over mutual TLS (all three TLS files given). */
  public boolean tls() {
    return tlsCertFile != null;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The core's configuration: durations converted from milliseconds to whole ticks. */
  public RaftConfig raftConfig() {
    return RaftConfig.defaults()
        .withElectionTimeoutTicks(electionTimeoutMinMs / tickMs, electionTimeoutMaxMs / tickMs)
        .withHeartbeatIntervalTicks(Math.max(1, heartbeatMs / tickMs))
        .withRetainedLogBytes(RETAINED_LOG_BYTES);
  }

  /**
   * Entry bytes a leader keeps past its snapshot for followers a little behind (they catch up with AppendEntries,
   * not a whole snapshot); one further behind gets the snapshot. Bounded, so a follower that is down for long does
   * not make the leader hold its log.
   */
  static final long RETAINED_LOG_BYTES = 16L << 20;

  /** The cluster secret's bytes (surrounding whitespace trimmed); a clear error when missing or too short. */
  public byte[] clusterSecret() {
    byte[] raw;
    try {
      raw = java.nio.file.Files.readAllBytes(clusterSecretFile);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("CLUSTER_SECRET_FILE " + clusterSecretFile + " cannot be read: " + e);
    }
    // The bytes as they are (a binary secret keeps its entropy), without surrounding ASCII whitespace (a newline).
    int from = 0;
    int to = raw.length;
    while (from < to && raw[from] >= 0 && Character.isWhitespace(raw[from])) {
      from++;
    }
    while (to > from && raw[to - 1] >= 0 && Character.isWhitespace(raw[to - 1])) {
      to--;
    }
    byte[] secret = java.util.Arrays.copyOfRange(raw, from, to);
    require(secret.length >= 16, "CLUSTER_SECRET_FILE " + clusterSecretFile + " holds " + secret.length
        + " bytes; at least 16 are needed");
    return secret;
  }

  /**
   * The configuration a new cluster starts with (thesis §4): every PEERS entry a voter, with its Raft and HTTP
   * addresses ({@link MemberAddress}), so that members added later learn where everyone is from the log.
   */
  public multidriver.core.raft.Membership bootstrapMembership() {
    if (join) return multidriver.core.raft.Membership.EMPTY;
    java.util.List<multidriver.core.raft.Member> members = new java.util.ArrayList<>();
    for (int id = 0; id < peers.size(); id++) {
      members.add(new multidriver.core.raft.Member(multidriver.core.raft.NodeId.of(id), false,
          new MemberAddress(peers.get(id), httpPeers.get(id)).toString()));
    }
    return new multidriver.core.raft.Membership(members);
  }

  /** Where server {@code id} listens for Raft: its member entry's address, else its PEERS entry; null if unknown. */
  public HostPort raftAddressOf(multidriver.core.raft.Membership membership, int id) {
    MemberAddress a = MemberAddress.of(membership, id);
    return a != null ? a.raft() : id < peers.size() ? peers.get(id) : null;
  }

  /** Where server {@code id} answers HTTP: its member entry's address, else its HTTP_PEERS entry; null if unknown. */
  public HostPort httpAddressOf(multidriver.core.raft.Membership membership, int id) {
    MemberAddress a = MemberAddress.of(membership, id);
    return a != null ? a.http() : id < httpPeers.size() ? httpPeers.get(id) : null;
  }

  public HostPort selfHttp() {
    return nodeId < httpPeers.size() ? httpPeers.get(nodeId) : new HostPort("localhost", httpPort);
  }

  /** Builds the configuration from the environment overlaid with command-line flags. */
  public static NodeConfig from(Map<String, String> env, String[] args) {
    Map<String, String> settings = new LinkedHashMap<>(env);
    settings.putAll(parseFlags(args));
    return fromSettings(settings);
  }

  static NodeConfig fromSettings(Map<String, String> s) {
    int nodeId = intSetting(s, "NODE_ID", 0);
    int raftPort = intSetting(s, "RAFT_PORT", 29001);
    int httpPort = intSetting(s, "HTTP_PORT", 9081);
    List<HostPort> peers = hostPorts(s.getOrDefault("PEERS", "node-0:" + raftPort), "PEERS");
    List<HostPort> httpPeers;
    if (s.containsKey("HTTP_PEERS") && !s.get("HTTP_PEERS").isBlank()) {
      httpPeers = hostPorts(s.get("HTTP_PEERS"), "HTTP_PEERS");
    } else {
      httpPeers = peers.stream().map(p -> new HostPort(p.host(), httpPort)).toList();
    }
    int[] election = range(s.getOrDefault("ELECTION_TIMEOUT_MS", "300-600"));
    return new NodeConfig(nodeId, peers, httpPeers, s.getOrDefault("BIND_HOST", "0.0.0.0"), raftPort, httpPort,
        Path.of(s.getOrDefault("DATA_DIR", "/data")), election[0], election[1], intSetting(s, "HEARTBEAT_MS", 50),
        intSetting(s, "TICK_MS", 10), s.getOrDefault("CLUSTER_ID", "multi_driver"),
        boolSetting(s, "UNSAFE_STALE_READS"), intSetting(s, "REQUEST_TIMEOUT_MS", 5000),
        intSetting(s, "MAX_KEY_BYTES", 1024), intSetting(s, "MAX_VALUE_BYTES", 1 << 20),
        intSetting(s, "MAX_PENDING_REQUESTS", 10_000), boolSetting(s, "BOOTSTRAP"),
        pathSetting(s, "CLUSTER_SECRET_FILE"), pathSetting(s, "TOKENS_FILE"), authOff(s),
        tlsFile(s, "TLS_CERT_FILE", "node-" + nodeId + ".crt"), tlsFile(s, "TLS_KEY_FILE", "node-" + nodeId + ".key"),
        tlsFile(s, "TLS_CA_FILE", "ca.crt"), intSetting(s, "REQUEST_ARRIVAL_MS", 15_000),
        longSetting(s, "SNAPSHOT_EVERY_ENTRIES", multidriver.server.ServerOptions.DEFAULT_SNAPSHOT_EVERY_ENTRIES),
        longSetting(s, "SNAPSHOT_EVERY_BYTES", multidriver.server.ServerOptions.DEFAULT_SNAPSHOT_EVERY_BYTES),
        boolSetting(s, "JOIN"), intSetting(s, "WIRE_VERSION", multidriver.server.codec.MessageCodec.WIRE_VERSION),
        longSetting(s, "MAX_FILE_BYTES", 1L << 30));
  }

  /** An explicit {@code TLS_*_FILE}, else {@code name} inside {@code TLS_DIR} when that is set. */
  private static Path tlsFile(Map<String, String> s, String setting, String name) {
    Path explicit = pathSetting(s, setting);
    Path dir = pathSetting(s, "TLS_DIR");
    return explicit != null || dir == null ? explicit : dir.resolve(name);
  }

  private static Path pathSetting(Map<String, String> s, String name) {
    String v = s.get(name);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  private static boolean authOff(Map<String, String> s) {
    String v = s.getOrDefault("AUTH", "on").trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("off")) {
      return true;
    }
    if (v.isEmpty() || v.equals("on")) {
      return false;
    }
    throw new IllegalArgumentException("AUTH must be on or off, got '" + v + "'");
  }

  /** {@code --node-id 1}, {@code --node-id=1} -> {@code NODE_ID=1}. {@code --help} is handled by the caller. */
  static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException("unexpected argument '" + a + "' (flags look like --node-id 1)");
      }
      String name;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag " + a + " needs a value");
        }
        name = a.substring(2);
        value = args[++i];
      }
      String setting = name.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      if (!SETTINGS.contains(setting)) {
        throw new IllegalArgumentException("unknown flag --" + name);
      }
      flags.put(setting, value);
    }
    return flags;
  }

  private static int intSetting(Map<String, String> s, String name, int fallback) {
    long v = longSetting(s, name, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + s.get(name) + "'");
    }
    return (int) v;
  }

  private static long longSetting(Map<String, String> s, String name, long fallback) {
    String v = s.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
    }
  }

  private static boolean boolSetting(Map<String, String> s, String name) {
    String v = s.getOrDefault(name, "false").trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("true") || v.equals("1") || v.equals("yes")) {
      return true;
    }
    if (v.isEmpty() || v.equals("false") || v.equals("0") || v.equals("no")) {
      return false;
    }
    throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
  }

  private static int[] range(String text) {
    String[] parts = text.trim().split("-");
    try {
      if (parts.length == 1) {
        int v = Integer.parseInt(parts[0].trim());
        return new int[] {v, v};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("ELECTION_TIMEOUT_MS must look like 300-600, got '" + text + "'");
  }

  private static List<HostPort> hostPorts(String list, String name) {
    List<HostPort> result = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        result.add(HostPort.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage());
      }
    }
    return result;
  }
}
