package multidriver.node.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvStateMachine;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.ReadState;
import multidriver.core.raft.Ready;
import multidriver.core.raft.RequestId;
import multidriver.core.raft.Role;
import multidriver.core.raft.message.Message;
import multidriver.node.storage.Wal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one thread that owns the Raft core, the WAL and the KV state machine. Peer messages and client requests
 * enter through bounded queues; time enters as a tick every {@code TICK_MS} of the real clock.
 *
 * <p>Every iteration drains all queued input (so one fsync covers many proposals: group commit), then handles
 * each {@link Ready} in the order the contract demands: persist entries and hard state (fsync when
 * {@code mustSync}), only then send messages (a vote or an AppendEntries success must never be sent for state
 * that could still be lost, §5.1), apply committed entries and answer their clients, answer reads whose read
 * index is applied (thesis §6.4), and finally {@code advance}. One deliberate exception: a leader whose term and
 * vote are already durable sends its AppendEntries before its own fsync (thesis §10.2.1), see
 * {@link #handleReady}.
 */
public final class EventLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  private static final int MAX_EVENTS_PER_ITERATION = 16_384;
  private static final int MAX_PEER_BACKLOG = 50_000;
  private static final long SLOW_ITERATION_NS = 100_000_000L;

  private final NodeConfig config;
  private final RaftNode raft;
  private final Wal wal;
  private final KvStateMachine kv = KvStateMachine.withDefaults();
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedClientRequests = new AtomicInteger();
  private final AtomicInteger queuedPeerMessages = new AtomicInteger();
  private final AtomicLong droppedPeerMessages = new AtomicLong();
  private final AtomicLong maxIterationNs = new AtomicLong();
  private final AtomicLong slowIterations = new AtomicLong();
  private final Consumer<Throwable> onFatal;
  private final Thread thread;
  private final long tickNs;

  // Owned by the loop thread only.
  private Consumer<Message> network = m -> { };
  private final PendingRequests pending;
  private HardState persisted;
  private Role lastRole;
  private long lastTerm = -1;
  private int lastLeader = -1;

  private volatile boolean running;
  private volatile NodeStatus status;

  public EventLoop(NodeConfig config, RaftNode raft, Wal wal, Consumer<Throwable> onFatal) {
    this.config = config;
    this.raft = raft;
    this.wal = wal;
    this.onFatal = onFatal;
    this.tickNs = TimeUnit.MILLISECONDS.toNanos(config.tickMs());
    this.status = NodeStatus.starting(config.nodeId(), config.peers().size());
    this.persisted = wal.recovered().hardState();
    this.pending = new PendingRequests(config.requestTimeoutMs());
    this.thread = new Thread(this::run, "event-loop-" + config.nodeId());
  }

  /** Where outbound Raft messages go; set once before {@link #start()}. */
  public void setNetwork(Consumer<Message> network) {
    this.network = network;
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

  /** From a transport thread. Never blocks; drops (Raft retries) when the loop is far behind. */
  public void deliver(Message message) {
    if (queuedPeerMessages.incrementAndGet() > MAX_PEER_BACKLOG) {
      queuedPeerMessages.decrementAndGet();
      droppedPeerMessages.incrementAndGet();
      return;
    }
    inbox.add(message);
  }

  /** From an HTTP thread. Never blocks; answers {@link Outcome.Unavailable} at once when overloaded. */
  public void submit(ClientRequest request) {
    if (!running) {
      request.outcome().complete(new Outcome.Unavailable("node is stopping", true));
      return;
    }
    if (queuedClientRequests.incrementAndGet() > config.maxPendingRequests()) {
      queuedClientRequests.decrementAndGet();
      request.outcome().complete(new Outcome.Unavailable("overloaded: too many queued requests", true));
      return;
    }
    inbox.add(request);
    if (!running) {
      // The loop stopped between the check above and the add, so it may never see this request. Whether it did
      // is unknown here, hence "maybe applied"; completing twice is harmless (the first answer wins).
      request.outcome().complete(new Outcome.Unavailable("node is stopping", false));
    }
  }

  private void run() {
    MDC.put("node", Integer.toString(config.nodeId()));
    long nextTickNs = System.nanoTime() + tickNs;
    try {
      publishStatus();
      while (running) {
        long waitNs = nextTickNs - System.nanoTime();
        Object first = waitNs > 0 ? inbox.poll(waitNs, TimeUnit.NANOSECONDS) : inbox.poll();
        long iterationStartNs = System.nanoTime();
        if (first != null) {
          handle(first);
          Object next;
          for (int n = 1; n < MAX_EVENTS_PER_ITERATION && (next = inbox.poll()) != null; n++) {
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
          raft.tick();
          // After a long stall (GC, CPU starvation) do not fire a burst of ticks: skip to the next period.
          nextTickNs = Math.max(nextTickNs + tickNs, now + tickNs / 2);
          pending.retryDeferredReads(raft.role() == Role.LEADER, this::readIndex);
          pending.expire(now);
        }
        while (raft.hasReady()) {
          handleReady(raft.ready());
        }
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

  private void handle(Object event) {
    if (event instanceof Message m) {
      queuedPeerMessages.decrementAndGet();
      raft.step(m);
    } else if (event instanceof ClientRequest.Write w) {
      queuedClientRequests.decrementAndGet();
      propose(w);
    } else if (event instanceof ClientRequest.Read r) {
      queuedClientRequests.decrementAndGet();
      read(r);
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
  }

  private void propose(ClientRequest.Write w) {
    if (raft.role() != Role.LEADER) {
      w.outcome().complete(new Outcome.NotLeader());
      return;
    }
    OptionalLong index = raft.propose(KvCodec.encode(w.command()));
    if (index.isEmpty()) {
      // Still leader, so the core refused for backpressure (too many uncommitted entries).
      w.outcome().complete(new Outcome.Unavailable("overloaded: too many uncommitted entries", true));
      return;
    }
    pending.awaitApply(w, index.getAsLong(), raft.term());
  }

  private void read(ClientRequest.Read r) {
    if (config.unsafeStaleReads()) {
      // Deliberately unsafe: local state may be arbitrarily stale on a follower or a deposed leader.
      r.outcome().complete(new Outcome.Done(kv.appliedIndex(), kv.read(r.key())));
      return;
    }
    if (raft.role() != Role.LEADER) {
      r.outcome().complete(new Outcome.NotLeader());
      return;
    }
    pending.startRead(r, this::readIndex);
  }

  /** False when the core cannot start a read now (thesis §6.4 step 1: no entry of this term committed yet). */
  private boolean readIndex(long readId) {
    return raft.readIndex(new RequestId(readId));
  }

  private void handleReady(Ready rd) throws IOException {
    // Thesis §10.2.1 (and etcd's raft): a leader may replicate to followers in parallel with its own disk write.
    // It is safe here because this thread finishes the fsync below before it can process any follower's answer,
    // so no entry counts as committed (or is acknowledged) before the leader's copy is durable too. Votes, term
    // changes and follower acknowledgements still go out only after the fsync (§5.1).
    boolean overlap = raft.role() == Role.LEADER && termAndVoteUnchanged(rd.hardState());
    if (overlap) {
      send(rd.messages());
    }
    if (rd.hardState() != null || !rd.entries().isEmpty()) {
      wal.append(rd.hardState(), rd.entries(), rd.mustSync());
      if (rd.hardState() != null) {
        persisted = rd.hardState();
      }
    }
    if (!overlap) {
      send(rd.messages());
    }
    for (Entry e : rd.committedEntries()) {
      pending.onApplied(e, kv.apply(e.index(), e.data()));
    }
    for (ReadState rs : rd.readStates()) {
      pending.onReadState(rs);
    }
    pending.answerReads(kv.appliedIndex(), kv::read);
    raft.advance(rd);
  }

  private boolean termAndVoteUnchanged(HardState next) {
    return next == null
        || (next.term() == persisted.term() && Objects.equals(next.votedFor(), persisted.votedFor()));
  }

  private void send(List<Message> messages) {
    for (Message m : messages) {
      network.accept(m);
    }
  }

  private void onRoleOrTermChange(Role role, long term) {
    MDC.put("term", Long.toString(term));
    MDC.put("role", role.name());
    if (lastRole == Role.LEADER && role != Role.LEADER) {
      pending.onSteppedDown();
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

  private void onLeaderChange(int leader) {
    if (leader >= 0 && leader != config.nodeId()) {
      LOG.info("following leader node-{} in term {}", leader, raft.term());
    } else if (leader < 0) {
      LOG.info("no known leader in term {}", raft.term());
    }
    lastLeader = leader;
  }

  private void publishStatus() {
    Role role = raft.role();
    long term = raft.term();
    if (role != lastRole || term != lastTerm) {
      onRoleOrTermChange(role, term);
    }
    int n = config.peers().size();
    List<Long> match = new ArrayList<>(n);
    for (int id = 0; id < n; id++) {
      if (id == config.nodeId()) {
        match.add(role == Role.LEADER ? raft.lastLogIndex() : -1L);
      } else {
        OptionalLong m = raft.matchIndex(NodeId.of(id));
        match.add(m.isPresent() ? m.getAsLong() : -1L);
      }
    }
    int leader = raft.leader().map(NodeId::value).orElse(-1);
    if (leader != lastLeader) {
      onLeaderChange(leader);
    }
    status = new NodeStatus(config.nodeId(), role, term, leader, raft.commitIndex(), kv.appliedIndex(),
        raft.lastLogIndex(), match, running);
  }

  private void failAllPending(String reason) {
    pending.failAll(reason);
    Object o;
    while ((o = inbox.poll()) != null) {
      if (o instanceof ClientRequest r) {
        r.outcome().complete(new Outcome.Unavailable(reason, true));
      }
    }
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
    failAllPending("node stopped");
  }
}
