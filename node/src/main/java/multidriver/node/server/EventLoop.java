package multidriver.node.server;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import multidriver.core.raft.Role;
import multidriver.server.ClientRequest;
import multidriver.server.NodeStatus;
import multidriver.server.Outcome;
import multidriver.server.ServerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one thread that drives the {@link ServerCore}: the production binding of its inputs. Peer bytes and client
 * requests enter through bounded queues from transport and HTTP threads; time enters as a tick every
 * {@code TICK_MS} of the real clock. Every iteration drains all queued input into the core, then calls
 * {@link ServerCore#drain()} once, so one write and one fsync cover many proposals (group commit). The same core runs in
 * the simulator, bound to simulated time, disk and network.
 */
public final class EventLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  private static final int MAX_EVENTS_PER_ITERATION = 16_384;
  private static final int MAX_PEER_BACKLOG = 50_000;
  private static final long SLOW_ITERATION_NS = 100_000_000L;

  /** Bytes of one Raft message from an authenticated member, as the transport received them. */
  private record PeerBytes(int sender, byte[] data, int offset, int length) {}

  private final NodeConfig config;
  private final ServerCore core;
  /** Client requests. Peer messages have a queue of their own that is always drained first (see {@link #run}). */
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  /**
   * Raft traffic: heartbeats, votes, appends and their answers. It goes before client work, so that a flood of client
   * requests delays no heartbeat or vote into an election timeout.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<PeerBytes> peerInbox =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedClientRequests = new AtomicInteger();
  private final AtomicInteger queuedPeerMessages = new AtomicInteger();
  private final AtomicLong droppedPeerMessages = new AtomicLong();
  private final AtomicLong maxIterationNs = new AtomicLong();
  private final AtomicLong slowIterations = new AtomicLong();
  private final Consumer<Throwable> onFatal;
  private final Thread thread;
  private final long tickNs;

  // Owned by the loop thread only.
  private Role lastRole;
  private long lastTerm = -1;
  private int lastLeader = -1;

  private volatile boolean running;
  private volatile NodeStatus status;

  public EventLoop(NodeConfig config, ServerCore core, Consumer<Throwable> onFatal) {
    this.config = config;
    this.core = core;
    this.onFatal = onFatal;
    this.tickNs = TimeUnit.MILLISECONDS.toNanos(config.tickMs());
    this.status = NodeStatus.starting(config.nodeId(), config.bootstrapMembership());
    this.thread = new Thread(this::run, "event-loop-" + config.nodeId());
  }

  public void start() {
    running = true;
    thread.start();
  }

  public NodeStatus status() {
    return status;
  }

  public long droppedPeerMessages() {
    return droppedPeerMessages.get();
  }

  public int queuedClientRequests() {
    return queuedClientRequests.get();
  }

  /** From a transport thread: one message's bytes. Never blocks; drops (Raft retries) when far behind. */
  public void deliver(int sender, byte[] data, int offset, int length) {
    if (queuedPeerMessages.incrementAndGet() > MAX_PEER_BACKLOG) {
      queuedPeerMessages.decrementAndGet();
      droppedPeerMessages.incrementAndGet();
      return;
    }
    peerInbox.add(new PeerBytes(sender, data, offset, length));
    if (wakePending.compareAndSet(false, true)) {
      inbox.offer(WAKE); // one marker at a time: it only wakes a loop that waits on the client queue
    }
  }

  /** Put on the client queue to wake the loop for peer traffic; at most one is queued ({@link #wakePending}). */
  private static final Object WAKE = new Object();
  private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();

  /** From an HTTP thread. Never blocks; answers {@link Outcome.Unavailable} at once when overloaded. */
  public void submit(ClientRequest request) {
    if (!running) {
      request.answer().complete(new Outcome.Unavailable("node is stopping", true));
      return;
    }
    if (queuedClientRequests.incrementAndGet() > config.maxPendingRequests()) {
      queuedClientRequests.decrementAndGet();
      request.answer().complete(new Outcome.Unavailable("overloaded: too many queued requests", true));
      return;
    }
    inbox.add(request);
    if (!running) {
      // The loop stopped between the check above and the add, so it may never see this request. Whether it did
      // is unknown here, hence "maybe applied"; completing twice is harmless (the first answer wins).
      request.answer().complete(new Outcome.Unavailable("node is stopping", false));
    }
  }

  private void run() {
    MDC.put("node", Integer.toString(config.nodeId()));
    long nextTickNs = System.nanoTime() + tickNs;
    try {
      publishStatus();
      while (running) {
        long waitNs = nextTickNs - System.nanoTime();
        Object first = peerInbox.isEmpty() ? (waitNs > 0 ? inbox.poll(waitNs, TimeUnit.NANOSECONDS) : inbox.poll())
            : WAKE;
        long iterationStartNs = System.nanoTime();
        if (first != null) {
          drainPeers();
          handle(first);
          Object next;
          for (int n = 1; n < MAX_EVENTS_PER_ITERATION && (next = inbox.poll()) != null; n++) {
            if ((n & 63) == 0) {
              drainPeers(); // Raft traffic keeps its priority inside a long burst of client requests too
            }
            handle(next);
            // Under overload, keep ticking on time: a late tick is a late heartbeat, and followers that miss
            // heartbeats for an election timeout start an election (§5.2).
            if ((n & 255) == 0 && System.nanoTime() >= nextTickNs) {
              break;
            }
          }
        }
        long now = System.nanoTime();
        if (now >= nextTickNs) {
          core.tick();
          // After a long stall (GC, CPU starvation) do not fire a burst of ticks: skip to the next period.
          nextTickNs = Math.max(nextTickNs + tickNs, now + tickNs / 2);
        }
        // One Ready for everything this iteration took in: one write and one fsync cover many proposals.
        core.drain();
        publishStatus();
        recordIteration(System.nanoTime() - iterationStartNs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      // A WAL failure or a broken core invariant: continuing could acknowledge something not durable or
      // violate safety, so the node stops (fail-stop) and lets its supervisor restart it from the WAL.
      LOG.error("event loop failed; stopping the node", t);
      running = false;
      failAllPending("node failed: " + t);
      onFatal.accept(t);
    } finally {
      running = false;
      publishStatus();
    }
  }

  /** Long iterations delay ticks, i.e. heartbeats: a sign of overload (CPU, disk) worth seeing in metrics. */
  private void recordIteration(long ns) {
    maxIterationNs.accumulateAndGet(ns, Math::max);
    if (ns > SLOW_ITERATION_NS) {
      slowIterations.incrementAndGet();
    }
  }

  /** The longest iteration since the previous call (a scrape), in nanoseconds. */
  public long takeMaxIterationNs() {
    return maxIterationNs.getAndSet(0);
  }

  /** Iterations that took longer than 100 ms. */
  public long slowIterations() {
    return slowIterations.get();
  }

  /** Peer messages the core dropped (undecodable, or not from their sender to this node). */
  public long rejectedPeerMessages() {
    return core.rejectedMessages();
  }

  private void drainPeers() throws IOException {
    wakePending.set(false); // cleared before draining: a message added meanwhile queues a new marker
    PeerBytes p;
    while ((p = peerInbox.poll()) != null) {
      queuedPeerMessages.decrementAndGet();
      core.receive(p.sender(), p.data(), p.offset(), p.length());
    }
  }

  private void handle(Object event) throws IOException {
    if (event == WAKE) {
      drainPeers();
    } else if (event instanceof ClientRequest r) {
      queuedClientRequests.decrementAndGet();
      core.submit(r);
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
  }

  private void onRoleOrTermChange(Role role, long term) {
    MDC.put("term", Long.toString(term));
    MDC.put("role", role.name());
    if (lastRole == Role.LEADER && role != Role.LEADER) {
      LOG.info("stepped down from leader in term {}", term);
    }
    if (role == Role.LEADER && lastRole != Role.LEADER) {
      LOG.info("became leader in term {}", term);
    } else if (role != Role.LEADER) {
      LOG.info("now {} in term {}", role, term);
    }
    lastRole = role;
    lastTerm = term;
  }

  private void onLeaderChange(int leader, long term) {
    if (leader >= 0 && leader != config.nodeId()) {
      LOG.info("following leader node-{} in term {}", leader, term);
    } else if (leader < 0) {
      LOG.info("no known leader in term {}", term);
    }
    lastLeader = leader;
  }

  /** Called on the event loop whenever the configuration in effect changes (the transport follows it). */
  public void onMembership(Consumer<multidriver.core.raft.Membership> listener) {
    this.membershipListener = listener;
  }

  private volatile Consumer<multidriver.core.raft.Membership> membershipListener = m -> { };
  private multidriver.core.raft.Membership lastMembership;
  private multidriver.core.raft.Membership lastReachable;

  private void publishStatus() {
    NodeStatus s = core.status(running);
    if (!s.membership().equals(lastMembership)) {
      if (lastMembership != null) LOG.info("configuration now {} (index {})", s.membership(), s.membershipIndex());
      lastMembership = s.membership();
    }
    multidriver.core.raft.Membership reachable = s.reachable();
    if (!reachable.equals(lastReachable)) {
      lastReachable = reachable;
      membershipListener.accept(reachable);
    }
    if (s.role() != lastRole || s.term() != lastTerm) {
      onRoleOrTermChange(s.role(), s.term());
    }
    if (s.leader() != lastLeader) {
      onLeaderChange(s.leader(), s.term());
    }
    status = s;
  }

  private void failAllPending(String reason) {
    core.failAll(reason);
    Object o;
    while ((o = inbox.poll()) != null) {
      if (o instanceof ClientRequest r) {
        queuedClientRequests.decrementAndGet();
        r.answer().complete(new Outcome.Unavailable(reason, true));
      }
    }
  }

  /** Whether the loop thread still runs (it owns the core until it ends). */
  public boolean isAlive() {
    return thread.isAlive();
  }

  /** Stops the loop; waiting clients get 503 (their writes may or may not have been applied). */
  @Override
  public void close() {
    running = false;
    // No interrupt: an interrupt during FileChannel I/O would close the WAL's channel. The loop wakes up within
    // one tick anyway.
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      failAllPending("node stopped");
    }
  }
}
