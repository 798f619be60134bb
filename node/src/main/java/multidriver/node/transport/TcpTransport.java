package multidriver.node.transport;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Raft RPC over persistent TCP connections: one outbound {@link PeerLink} per peer and one reader thread per
 * inbound connection. Inbound frames are checked before anything reaches Raft: a wrong cluster id, an unknown
 * sender or a sender that claims to be us get the connection closed. The message bytes go to the server core,
 * which decodes them and drops (and counts) a message not from its sender to this node.
 */
public final class TcpTransport implements AutoCloseable {
  /** Where an accepted frame's message bytes go (called on a transport thread; must not block for long). */
  @FunctionalInterface
  public interface Inbound {
    void accept(int senderId, byte[] data, int offset, int length);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
  /** How long a peer may stay silent on an established connection before the link is reset. */
  private static final long SILENCE_RESET_NS = 3_000_000_000L;

  private final int selfId;
  private final FrameFormat format;
  private final Inbound onMessage;
  private final Map<Integer, PeerLink> links = new ConcurrentHashMap<>();
  /** Last frame from each member, for the links' silence reset. */
  private final Map<Integer, Long> lastHeardNs = new ConcurrentHashMap<>();
  /**
   * Where this node's links go: the members of the configuration in effect (thesis §4), replaced by
   * {@link #updatePeers} whenever it changes, plus servers that announced their address in a hello and are not
   * (yet) in it: a member whose configuration is older than the leader's must still answer that leader. Frames are
   * accepted from every sender that authenticates (the cluster secret, and with TLS the CA's certificate naming
   * it): only the cluster's members hold those credentials; the Raft core decides what a non-member may say.
   */
  private volatile Map<Integer, InetSocketAddress> members;
  private final Map<Integer, InetSocketAddress> announced = new ConcurrentHashMap<>();
  private volatile String advertisedAddress;
  private volatile int wireVersion = MessageCodec.WIRE_VERSION;
  /** What each peer announced on its latest inbound connection (see {@link #peerWireVersion}). */
  private final Map<Integer, Integer> peerWireVersions = new ConcurrentHashMap<>();
  /** The version each peer announced last, kept after its connection closes (see {@link #lastAnnouncedWireVersion}). */
  private final Map<Integer, Integer> lastAnnounced = new ConcurrentHashMap<>();
  private final int queueCapacity;
  private volatile boolean started;
  private final AtomicLong receivedFrames = new AtomicLong();
  private final AtomicLong refusedFrames = new AtomicLong();
  private final Map<Integer, Socket> inboundBySender = new ConcurrentHashMap<>();
  /**
   * Inbound connections that have not yet sent a frame signed with the cluster secret; bounded by the member count
   * plus a few. An authenticated connection no longer counts: there is at most one per member (a newer one replaces
   * it), so strangers cannot crowd members out, only each other.
   */
  private final java.util.concurrent.atomic.AtomicInteger unauthenticated =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong lastAcceptWarningNs = new AtomicLong();
  /**
   * A connection must deliver its first authenticated frame within this (a member's link sends a hello at once);
   * the watchdog enforces it as a deadline, not as a per-read timeout a trickling stranger could renew.
   */
  static final int AUTHENTICATE_WITHIN_MS = 5_000;
  /** Before authentication a frame may be at most this large: a member's first frame is its small hello. */
  static final int MAX_UNAUTHENTICATED_FRAME_BYTES = 64 * 1024;
  /** Connections not yet authenticated, with the time they were accepted (for the watchdog's deadline). */
  private final Map<Socket, Long> awaitingAuthentication = new ConcurrentHashMap<>();
  /** Frames are read in chunks of this size: memory follows the bytes that arrive, not what a header claims. */
  static final int READ_CHUNK_BYTES = 64 * 1024;
  private final ServerSocket server;
  private final PeerTls tls;
  private final Thread acceptor;
  private final Thread watchdog;
  private volatile boolean running = true;

  /**
   * @param selfId        this node's id (its index in {@code peers})
   * @param clusterSecret the shared secret every frame is signed with (HMAC-SHA256), at least 16 bytes
   * @param peers         host:port of every node of the cluster, indexed by node id, this node included
   * @param bindAddress   where to listen for peers
   * @param onMessage     called on a transport thread for every accepted message (must not block for long)
   * @param queueCapacity per-peer outbound queue bound
   */
  public TcpTransport(int selfId, String clusterId, byte[] clusterSecret, List<InetSocketAddress> peers,
      InetSocketAddress bindAddress, Inbound onMessage, int queueCapacity) throws IOException {
    this(selfId, clusterId, clusterSecret, null, peers, bindAddress, onMessage, queueCapacity);
  }

  /**
   * @param tls mutual TLS between members ({@code null}: plain TCP, frames still signed with the secret). With TLS a
   *            connection must present a certificate of the cluster CA, and every frame's sender must be the member
   *            that certificate names.
   */
  public TcpTransport(int selfId, String clusterId, byte[] clusterSecret, PeerTls tls, List<InetSocketAddress> peers,
      InetSocketAddress bindAddress, Inbound onMessage, int queueCapacity) throws IOException {
    if (tls != null && tls.selfId() != selfId) {
      throw new IllegalArgumentException("the TLS identity is node-" + tls.selfId() + ", not node-" + selfId);
    }
    this.tls = tls;
    if (selfId < 0) throw new IllegalArgumentException("selfId " + selfId + " < 0");
    this.selfId = selfId;
    this.format = new FrameFormat(clusterId, clusterSecret);
    this.onMessage = onMessage;
    this.queueCapacity = queueCapacity;
    java.util.TreeMap<Integer, InetSocketAddress> byId = new java.util.TreeMap<>();
    for (int id = 0; id < peers.size(); id++) byId.put(id, peers.get(id));
    this.members = Map.of();
    updatePeers(byId);
    // Plain TCP even with TLS: the handshake is layered on each accepted socket by its reader thread, so the
    // acceptor never waits on a peer, and the watchdog can end a stuck handshake by closing the plain socket.
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bindAddress, 128);
    this.acceptor = new Thread(this::acceptLoop, "raft-accept-" + selfId);
    this.acceptor.setDaemon(true);
    this.watchdog = new Thread(this::watchdogLoop, "raft-watchdog-" + selfId);
    this.watchdog.setDaemon(true);
  }

  public void start() {
    acceptor.start();
    watchdog.start();
    synchronized (this) {
      started = true;
      links.values().forEach(PeerLink::start);
    }
    LOG.info("Raft transport listening on {} with {} peer link(s), {}", server.getLocalSocketAddress(), links.size(),
        tls == null ? "plain TCP with signed frames" : "mutual TLS (and signed frames)");
  }

  /** The bound port (useful when the bind port was 0). */
  public int localPort() {
    return server.getLocalPort();
  }

  /**
   * The configuration changed: links to new members open, links to servers no longer members close (their frames
   * are refused from now on), and a member whose address changed is dialled at its new address.
   */
  public synchronized void updatePeers(Map<Integer, InetSocketAddress> peers) {
    java.util.TreeMap<Integer, InetSocketAddress> next = new java.util.TreeMap<>(peers);
    announced.forEach(next::putIfAbsent);
    next.remove(selfId);
    for (Integer id : new ArrayList<>(links.keySet())) {
      InetSocketAddress now = next.get(id);
      InetSocketAddress before = members.get(id);
      if (now == null || !now.equals(before)) {
        PeerLink old = links.remove(id);
        // Closing waits for the link's thread (up to seconds in a connect or handshake): never on the caller's
        // thread, which is the event loop.
        if (old != null) closeInBackground(old);
        Socket inbound = inboundBySender.remove(id);
        if (now == null && inbound != null) PeerLink.closeQuietly(inbound);
      }
    }
    long nowNs = System.nanoTime();
    for (Map.Entry<Integer, InetSocketAddress> e : next.entrySet()) {
      if (links.containsKey(e.getKey())) continue;
      InetSocketAddress a = e.getValue();
      int peer = e.getKey();
      PeerLink link = new PeerLink(selfId, peer, a.getHostString(), a.getPort(), format, tls, queueCapacity,
          () -> advertisedAddress, () -> wireVersion, () -> peerWireVersion(peer));
      lastHeardNs.put(e.getKey(), nowNs);
      links.put(e.getKey(), link);
      if (started) link.start();
    }
    members = java.util.Collections.unmodifiableMap(next);
  }

  /**
   * The newest peer-message format this node decodes, announced after every hello (default: the newest there is;
   * lower only to behave as an older release). Set before {@link #start}.
   */
  public void setWireVersion(int version) {
    MessageCodec.requireWireVersion(version);
    this.wireVersion = version;
  }

  /**
   * The format to send peer {@code id}: what it announced on its latest connection to us, capped at ours. A peer
   * not heard on a connection yet, or whose connection announced nothing (a release before version hellos), gets
   * the oldest format, which every release decodes.
   */
  public int peerWireVersion(int id) {
    return Math.min(wireVersion, peerWireVersions.getOrDefault(id, MessageCodec.OLDEST_WIRE_VERSION));
  }

  /**
   * The wire version peer {@code id} announced last, on any connection since this node started: 1 for a release
   * before version hellos (it sent a message without announcing one), 0 when this node has not heard the peer at all.
   * Unlike {@link #peerWireVersion} it is kept while the peer is down: a member that showed its release is not
   * forgotten because it crashed.
   */
  public int lastAnnouncedWireVersion(int id) {
    return lastAnnounced.getOrDefault(id, 0);
  }

  /** This node's own Raft address, announced to every peer in the hello of each new connection. */
  public void advertise(String hostPort) {
    if (java.util.Objects.equals(hostPort, advertisedAddress)) return;
    this.advertisedAddress = hostPort;
    // Connections made before this address was known announced none (or an old one): dial again to announce it.
    links.values().forEach(PeerLink::reconnect);
  }

  private static void closeInBackground(PeerLink link) {
    Thread t = new Thread(link::close, "raft-link-close");
    t.setDaemon(true);
    t.start();
  }

  /** A peer announced where it listens: dial it if no link goes there yet (its configuration may be newer). */
  private synchronized void announce(int sender, String hostPort) {
    if (sender == selfId || members.containsKey(sender)) return;
    int colon = hostPort.lastIndexOf(':');
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    if (port < 1 || port > 65535) return;
    InetSocketAddress address = InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    if (address.equals(announced.get(sender)) && links.containsKey(sender)) return;
    announced.put(sender, address);
    java.util.TreeMap<Integer, InetSocketAddress> next = new java.util.TreeMap<>(members);
    updatePeers(next);
  }

  /** Queues {@code message} for its recipient; never blocks. Returns false when it was dropped (no such member). */
  public boolean send(Message message) {
    PeerLink link = links.get(message.to().value());
    if (link == null) return false; // a server that left the configuration, or whose address is not known yet
    return link.offer(message);
  }

  /** Queues a forwarded client request or reply for its recipient, like a Raft message; never blocks. */
  public boolean send(multidriver.server.PeerForward forward) {
    PeerLink link = links.get(forward.to());
    if (link == null) return false;
    return link.offer(forward);
  }

  public long sentFrames() {
    return links.values().stream().mapToLong(PeerLink::sentFrames).sum();
  }

  public long droppedFrames() {
    return links.values().stream().mapToLong(PeerLink::droppedFrames).sum();
  }

  public long receivedFrames() {
    return receivedFrames.get();
  }

  public long refusedFrames() {
    return refusedFrames.get();
  }

  public long connects() {
    return links.values().stream().mapToLong(PeerLink::connects).sum();
  }

  private void acceptLoop() {
    MDC.put("node", Integer.toString(selfId));
    long backoffMs = 0;
    while (running) {
      Socket s;
      try {
        s = server.accept();
        backoffMs = 0;
      } catch (IOException e) {
        if (!running) {
          return;
        }
        // EMFILE and friends: spinning on accept would burn a core and flood the log. Back off, warn rarely.
        backoffMs = Math.min(1_000, Math.max(10, backoffMs * 2));
        warnRarely("accept failed (backing off " + backoffMs + " ms): " + e);
        sleepQuietly(backoffMs);
        continue;
      }
      int maxUnauthenticated = members.size() + 1 + 4; // the configuration follows membership changes
      if (unauthenticated.incrementAndGet() > maxUnauthenticated) {
        unauthenticated.decrementAndGet();
        refusedFrames.incrementAndGet();
        warnRarely("refusing an inbound Raft connection from " + s.getRemoteSocketAddress() + ": already "
            + maxUnauthenticated + " not yet authenticated (members + 4)");
        PeerLink.closeQuietly(s);
        continue;
      }
      try {
        s.setTcpNoDelay(true);
        s.setReceiveBufferSize(1 << 20);
        s.setSoTimeout(AUTHENTICATE_WITHIN_MS);
        awaitingAuthentication.put(s, System.nanoTime());
        Thread reader = new Thread(() -> readLoop(s), "raft-in-" + selfId + "-" + s.getRemoteSocketAddress());
        reader.setDaemon(true);
        reader.start();
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        unauthenticated.decrementAndGet();
        warnRarely("could not serve an inbound connection: " + e);
        PeerLink.closeQuietly(s);
      }
    }
  }

  /** At most one warning per second from the accept path (a flood of strangers must not flood the log). */
  private void warnRarely(String message) {
    long now = System.nanoTime();
    long last = lastAcceptWarningNs.get();
    if (now - last > 1_000_000_000L && lastAcceptWarningNs.compareAndSet(last, now)) {
      LOG.warn(message);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a frame body of {@code length} bytes in chunks, growing the buffer only as bytes arrive. */
  static byte[] readFrameBody(DataInputStream in, int length) throws IOException {
    byte[] body = new byte[Math.min(length, READ_CHUNK_BYTES)];
    int got = 0;
    while (got < length) {
      if (got == body.length) {
        body = java.util.Arrays.copyOf(body, (int) Math.min(length, (long) body.length * 2));
      }
      int n = in.read(body, got, Math.min(body.length - got, READ_CHUNK_BYTES));
      if (n < 0) {
        throw new EOFException("frame cut short at " + got + " of " + length + " bytes");
      }
      got += n;
    }
    return body;
  }

  private void readLoop(Socket s) {
    MDC.put("node", Integer.toString(selfId));
    int knownSender = -1;
    boolean authenticated = false;
    boolean versionHeard = false;
    Socket io = s; // the TLS socket layered on s, with TLS
    try (s) {
      // With TLS the handshake runs first (bounded by the authentication deadline): no certificate of the cluster
      // CA, no frame is even read. The certificate names the only member this connection may speak for.
      int certifiedSender = -1;
      if (tls != null) {
        try {
          javax.net.ssl.SSLSocket ssl = tls.accept(s);
          io = ssl;
          certifiedSender = PeerTls.peerNodeId(ssl);
        } catch (IOException e) {
          refuse(s, "TLS handshake failed: " + e);
          PeerLink.closeQuietly(io);
          return;
        }
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(io.getInputStream(), 1 << 16));
      while (running) {
        int length = in.readInt();
        int maxLength = authenticated ? FrameFormat.MAX_FRAME_BYTES : MAX_UNAUTHENTICATED_FRAME_BYTES;
        if (length <= 0 || length > maxLength) {
          refuse(s, "frame length " + length);
          return;
        }
        byte[] body = readFrameBody(in, length);
        FrameFormat.Envelope d = format.open(body);
        String refusal = d.refusal() != null ? d.refusal() : membershipRefusal(d.senderId());
        if (refusal == null && certifiedSender >= 0 && d.senderId() != certifiedSender) {
          refusal = "sender " + d.senderId() + " speaks over the TLS certificate of node-" + certifiedSender;
        }
        if (refusal != null) {
          refuse(s, refusal);
          return;
        }
        if (!authenticated) {
          // A member: no more deadline (a follower's link to another follower may stay quiet for minutes), and no
          // longer counted against the strangers' bound.
          authenticated = true;
          awaitingAuthentication.remove(s);
          unauthenticated.decrementAndGet();
          s.setSoTimeout(0);
        }
        if (knownSender != d.senderId()) {
          knownSender = d.senderId();
          replaceInbound(knownSender, s);
          // A new connection may come from a restarted, older release: until it announces more, speak version 1.
          peerWireVersions.put(knownSender, MessageCodec.OLDEST_WIRE_VERSION);
        }
        lastHeardNs.put(knownSender, System.nanoTime());
        if (d.isHello(body)) {
          int version = d.helloVersion(body);
          if (version >= 1) {
            peerWireVersions.put(knownSender, version);
            lastAnnounced.put(knownSender, version);
            versionHeard = true;
          }
          String address = d.helloAddress(body);
          if (address != null) announce(knownSender, address);
          continue;
        }
        if (!versionHeard) {
          // A message before any version hello on this connection: a release from before version hellos (1).
          lastAnnounced.put(knownSender, MessageCodec.OLDEST_WIRE_VERSION);
          versionHeard = true;
        }
        receivedFrames.incrementAndGet();
        onMessage.accept(d.senderId(), body, d.messageOffset(), d.messageLength());
      }
    } catch (java.net.SocketTimeoutException e) {
      refusedFrames.incrementAndGet();
      warnRarely("inbound connection " + s.getRemoteSocketAddress() + " sent no authenticated frame within "
          + AUTHENTICATE_WITHIN_MS + " ms, closing");
    } catch (EOFException | SocketException e) {
      LOG.debug("inbound connection {} closed: {}", s.getRemoteSocketAddress(), e.toString());
    } catch (IOException e) {
      refusedFrames.incrementAndGet();
      LOG.warn("inbound connection {} sent a malformed frame, closing: {}", s.getRemoteSocketAddress(), e.toString());
    } catch (RuntimeException e) {
      refusedFrames.incrementAndGet();
      LOG.warn("inbound connection {} failed, closing: {}", s.getRemoteSocketAddress(), e.toString());
    } finally {
      if (!authenticated) {
        awaitingAuthentication.remove(s);
        unauthenticated.decrementAndGet();
      }
      // The peer's next connection may come from an older binary: forget what this one announced (unless a newer
      // connection of the same peer already replaced it and announced for itself).
      if (knownSender >= 0 && inboundBySender.remove(knownSender, s)) {
        peerWireVersions.remove(knownSender);
      }
    }
  }

  private String membershipRefusal(int sender) {
    if (sender < 0) {
      return "sender id " + sender;
    }
    if (sender == selfId) {
      return "sender claims to be this node (" + sender + ")";
    }
    return null;
  }

  /** One live inbound connection per sender: a newer one means the older is dead (peer restarted). */
  private void replaceInbound(int sender, Socket s) {
    Socket previous = inboundBySender.put(sender, s);
    if (previous != null && previous != s) {
      PeerLink.closeQuietly(previous);
    }
  }

  /** Counted always, logged at most once a second: a stranger's flood must not become a log flood. */
  private void refuse(Socket s, String why) {
    refusedFrames.incrementAndGet();
    warnRarely("refusing connection from " + s.getRemoteSocketAddress() + ": " + why + " (" + refusedFrames.get()
        + " refused so far)");
  }

  private void watchdogLoop() {
    MDC.put("node", Integer.toString(selfId));
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      links.forEach((id, link) -> link.resetIfSilent(lastHeardNs.getOrDefault(id, now), now, SILENCE_RESET_NS));
      // The authentication deadline: a stranger trickling bytes renews every per-read timeout, not this.
      awaitingAuthentication.forEach((socket, acceptedNs) -> {
        if (now - acceptedNs > AUTHENTICATE_WITHIN_MS * 1_000_000L) {
          refusedFrames.incrementAndGet();
          warnRarely("inbound connection " + socket.getRemoteSocketAddress() + " did not authenticate within "
              + AUTHENTICATE_WITHIN_MS + " ms, closing");
          PeerLink.closeQuietly(socket);
        }
      });
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // shutting down anyway
    }
    watchdog.interrupt();
    try {
      // The listening socket is really released only once the accept thread leaves accept().
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    links.values().forEach(PeerLink::close);
    new ArrayList<>(inboundBySender.values()).forEach(PeerLink::closeQuietly);
  }
}
