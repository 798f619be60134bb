package multidriver.node.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import multidriver.core.raft.message.Message;
import multidriver.server.codec.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outbound half of the connection to one peer: a bounded queue drained by one writer thread over one
 * persistent TCP connection, reconnecting with exponential backoff. Raft tolerates lost messages (every RPC is
 * retried by heartbeats or election timeouts, §5.1), so a full queue drops the message instead of blocking the
 * event loop, and messages queued while the peer is unreachable are discarded rather than delivered late.
 */
final class PeerLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
  private static final long MIN_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 1_000;
  private static final int CONNECT_TIMEOUT_MS = 500;
  private static final int MAX_FRAMES_PER_FLUSH = 4096;

  private final int selfId;
  private final int peerId;
  private final String host;
  private final int port;
  private final FrameFormat format;
  private final java.util.function.Supplier<String> advertised;
  private final PeerTls tls;
  /** Raft messages and forwarded client requests or replies ({@link multidriver.server.PeerForward}). */
  private final BlockingQueue<Object> queue;
  private final Thread writer;
  private final AtomicLong sentFrames = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final IntSupplier ownVersion;
  private final IntSupplier peerVersion;
  private volatile boolean running = true;
  private volatile Socket socket;
  private volatile long connectedAtNs;
  /** Start of the latest write batch; with {@link #writing}, tells a blocked write from an idle link. */
  private volatile long lastBatchStartNs;
  /**
   * When the oldest batch not yet followed by anything heard from the peer was written (0: none). Silence is measured
   * from there: a link quiet for minutes must not look "unanswered" the instant it sends again.
   */
  private final java.util.concurrent.atomic.AtomicLong firstUnansweredNs = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean writing;
  private long lastTlsWarningNs = System.nanoTime() - 20_000_000_000L;

  /**
   * @param advertised  this node's Raft address, announced in the hello of every connection (null: none known)
   * @param ownVersion  the wire version this node decodes, announced after the hello
   * @param peerVersion the wire version to encode messages in: what the peer announced on its own connection to us,
   *                    capped at ours (a peer that announced nothing gets version 1, which every release decodes)
   */
  PeerLink(int selfId, int peerId, String host, int port, FrameFormat format, PeerTls tls, int queueCapacity,
      java.util.function.Supplier<String> advertised, IntSupplier ownVersion, IntSupplier peerVersion) {
    this.advertised = advertised;
    this.ownVersion = ownVersion;
    this.peerVersion = peerVersion;
    this.tls = tls;
    this.selfId = selfId;
    this.peerId = peerId;
    this.host = host;
    this.port = port;
    this.format = format;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writer = new Thread(this::run, "raft-out-" + selfId + "-to-" + peerId);
    this.writer.setDaemon(true);
  }

  void start() {
    writer.start();
  }

  /** Enqueues without blocking; returns false (and counts a drop) when the queue is full. */
  boolean offer(Message message) {
    return offerFrame(message);
  }

  /** A forwarded client request or reply, queued like a Raft message (and dropped like one when the queue is full). */
  boolean offer(multidriver.server.PeerForward forward) {
    return offerFrame(forward);
  }

  private boolean offerFrame(Object message) {
    if (queue.offer(message)) {
      return true;
    }
    droppedFrames.incrementAndGet();
    return false;
  }

  long sentFrames() {
    return sentFrames.get();
  }

  long droppedFrames() {
    return droppedFrames.get();
  }

  long connects() {
    return connects.get();
  }

  /**
   * Closes the current connection when we keep talking to the peer but it has not answered for {@code silenceNs}
   * (every Raft request gets a response), or a write has been blocked that long. A half-open connection (after a
   * partition, TCP's retransmission backoff can reach minutes) would otherwise delay recovery. An idle link (two
   * followers) is left alone.
   */
  /** Drops the current connection (if any): the link dials again and sends a fresh hello. */
  void reconnect() {
    Socket s = socket;
    if (s != null) closeQuietly(s);
  }

  void resetIfSilent(long lastHeardNs, long nowNs, long silenceNs) {
    Socket s = socket;
    if (s == null || nowNs - connectedAtNs <= silenceNs) {
      return;
    }
    long since = firstUnansweredNs.get();
    if (since != 0 && lastHeardNs >= since) {
      firstUnansweredNs.compareAndSet(since, 0); // heard from the peer after that send: it was answered
      since = 0;
    }
    boolean unanswered = since != 0 && nowNs - since > silenceNs;
    boolean blocked = writing && nowNs - lastBatchStartNs > silenceNs;
    if (unanswered || blocked) {
      LOG.info("peer {} silent for {} ms while we send (blocked={}); resetting connection", peerId,
          (nowNs - lastHeardNs) / 1_000_000, blocked);
      closeQuietly(s);
    }
  }

  private void run() {
    MDC.put("node", Integer.toString(selfId));
    FrameBuffer buffer = new FrameBuffer(1024);
    long backoffMs = MIN_BACKOFF_MS;
    while (running) {
      Socket s = null;
      try {
        s = connect();
        backoffMs = MIN_BACKOFF_MS;
        hello(s, buffer);
        pump(s, buffer);
      } catch (javax.net.ssl.SSLException e) {
        // Not a network blip: a wrong certificate or CA will not heal by itself. Say so, once in a while.
        long now = System.nanoTime();
        if (running && now - lastTlsWarningNs > 10_000_000_000L) {
          lastTlsWarningNs = now;
          LOG.warn("TLS with peer {} ({}:{}) failed: {}", peerId, host, port, e.getMessage());
        }
      } catch (IOException e) {
        if (running) {
          LOG.debug("link to peer {} ({}:{}) failed: {}", peerId, host, port, e.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A connection may die, the link's thread may not: log it, reconnect, and let Raft resend.
        LOG.warn("link to peer {} failed unexpectedly, reconnecting: {}", peerId, e.toString());
      } finally {
        writing = false;
        if (s != null) {
          closeQuietly(s);
        }
        socket = null;
      }
      if (!running) {
        return;
      }
      // Messages that waited for a dead connection are stale by now; Raft will resend what still matters.
      droppedFrames.addAndGet(queue.size());
      queue.clear();
      sleepQuietly(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setKeepAlive(true);
      s.setSendBufferSize(1 << 20);
      s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      if (tls != null) {
        // The handshake, and the check that the certificate is peerId's, before a single frame is sent.
        s = tls.connect(s, host, port, peerId);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(s);
      throw e;
    }
    connectedAtNs = System.nanoTime();
    firstUnansweredNs.set(0); // a new connection: nothing sent on it is unanswered yet
    socket = s;
    connects.incrementAndGet();
    LOG.debug("connected to peer {} at {}:{}", peerId, host, port);
    return s;
  }

  private void pump(Socket s, FrameBuffer buffer) throws IOException, InterruptedException {
    OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
    while (running) {
      Object first = queue.poll(100, TimeUnit.MILLISECONDS);
      if (first == null) {
        continue;
      }
      lastBatchStartNs = System.nanoTime();
      firstUnansweredNs.compareAndSet(0, lastBatchStartNs);
      writing = true;
      write(first, buffer, out);
      // Batch everything already queued into one flush: one syscall for a burst of AppendEntries.
      Object next;
      int batched = 1;
      while (batched < MAX_FRAMES_PER_FLUSH && (next = queue.poll()) != null) {
        write(next, buffer, out);
        batched++;
      }
      out.flush();
      writing = false;
      sentFrames.addAndGet(batched);
    }
  }

  /** Authenticates the new connection at once (the receiver closes one that stays anonymous for long). */
  private void hello(Socket s, FrameBuffer buffer) throws IOException {
    format.encodeHello(selfId, advertised.get(), buffer);
    OutputStream out = s.getOutputStream();
    buffer.copyTo(out);
    format.encodeVersionHello(selfId, ownVersion.getAsInt(), buffer);
    buffer.copyTo(out);
    out.flush();
  }

  private void write(Object m, FrameBuffer buffer, OutputStream out) throws IOException {
    try {
      if (m instanceof Message message) {
        format.encode(selfId, MessageCodec.toBytes(message, peerVersion.getAsInt()), buffer);
      } else {
        format.encode(selfId, multidriver.server.codec.ForwardCodec.toBytes((multidriver.server.PeerForward) m), buffer);
      }
    } catch (IllegalStateException | IllegalArgumentException tooLarge) {
      // Cannot happen while the core bounds appends by bytes; if it does, this one message is lost, not the link.
      droppedFrames.incrementAndGet();
      LOG.warn("dropping a message to peer {} that does not fit a frame: {}", peerId, tooLarge.getMessage());
      return;
    }
    buffer.copyTo(out);
  }

  @Override
  public void close() {
    running = false;
    Socket s = socket;
    if (s != null) {
      closeQuietly(s);
    }
    writer.interrupt();
    try {
      writer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is best effort: the socket is abandoned either way
    }
  }
}
