package multidriver.core.raft;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import multidriver.core.log.Entry;
import multidriver.core.raft.message.Message;

/**
 * A pure Raft server: no threads, no I/O, no clock. Time enters only through {@link #tick()}, randomness only
 * through the injected generator; all output leaves through {@link #ready()} and is acknowledged by
 * {@link #advance(Ready)}. Invariants are checked after every input call.
 *
 * <pre>{@code
 * RaftNode node = new RaftNode(NodeId.of(0), peers, RaftConfig.defaults(), new SplittableRandom(seed), recovered);
 * node.tick();                       // every tick period
 * node.step(incomingMessage);        // for every message received
 * node.propose(commandBytes);        // leader only: OptionalLong of the entry's index
 * node.readIndex(new RequestId(7));  // leader only: a ReadState appears once leadership is confirmed
 * while (node.hasReady()) {
 *     Ready rd = node.ready();
 *     storage.append(rd.hardState(), rd.entries(), rd.mustSync());
 *     rd.messages().forEach(network::send);
 *     rd.committedEntries().forEach(stateMachine::apply);
 *     rd.readStates().forEach(reads::answerWhenApplied);
 *     node.advance(rd);
 * }
 * }</pre>
 */
public final class RaftNode {
    private final NodeId id;
    private final List<NodeId> peers;
    private final RaftConfig config;
    private final RandomGenerator random;

    /**
     * @param id        this server
     * @param peers     the other servers of the (fixed) cluster, not including {@code id}
     * @param config    timeouts and options
     * @param random    seeded generator: the only source of randomness (election timeouts)
     * @param recovered hard state and log read back from stable storage ({@link RecoveredState#EMPTY} when new)
     */
    public RaftNode(NodeId id, List<NodeId> peers, RaftConfig config, RandomGenerator random,
                    RecoveredState recovered) {
        this.id = id;
        this.peers = List.copyOf(peers);
        this.config = config;
        this.random = random;
        throw new UnsupportedOperationException("RaftNode is being implemented");
    }

    /** Advances logical time by one tick: election timeout for followers/candidates, heartbeats for leaders. */
    public void tick() {
        throw new UnsupportedOperationException();
    }

    /** Handles one message from a peer. Messages not addressed to this server are rejected with an exception. */
    public void step(Message message) {
        throw new UnsupportedOperationException();
    }

    /**
     * Appends a command to the leader's log (§5.3).
     *
     * @return the index the entry will have if it commits, or empty when this server is not the leader
     */
    public OptionalLong propose(byte[] command) {
        throw new UnsupportedOperationException();
    }

    /**
     * Starts a linearizable read (thesis §6.4). Leader only; the answer arrives as a {@link ReadState} in a later
     * {@link Ready} once a quorum has confirmed this leader's authority after the read arrived.
     *
     * @return false when this server is not the leader (or has not yet committed an entry in its term)
     */
    public boolean readIndex(RequestId requestId) {
        throw new UnsupportedOperationException();
    }

    /** True when {@link #ready()} would return a non-empty batch. */
    public boolean hasReady() {
        throw new UnsupportedOperationException();
    }

    /** The pending output. Call {@link #advance(Ready)} with it once handled; calling ready() twice returns the same. */
    public Ready ready() {
        throw new UnsupportedOperationException();
    }

    /** Acknowledges that the driver persisted, sent and applied everything in {@code ready}. */
    public void advance(Ready ready) {
        throw new UnsupportedOperationException();
    }

    public NodeId id() {
        return id;
    }

    public List<NodeId> peers() {
        return peers;
    }

    public RaftConfig config() {
        return config;
    }

    public Role role() {
        throw new UnsupportedOperationException();
    }

    public long term() {
        throw new UnsupportedOperationException();
    }

    /** The leader this server currently believes in, if any. */
    public Optional<NodeId> leader() {
        throw new UnsupportedOperationException();
    }

    public long commitIndex() {
        throw new UnsupportedOperationException();
    }

    /** Highest index handed out in {@link Ready#committedEntries()} and acknowledged by advance. */
    public long appliedIndex() {
        throw new UnsupportedOperationException();
    }

    public long lastLogIndex() {
        throw new UnsupportedOperationException();
    }

    /** Term of the entry at {@code index} (0 for index 0), for cluster-wide invariant checks. */
    public long termAt(long index) {
        throw new UnsupportedOperationException();
    }

    /** Entries in [fromIndex, toIndex] of this server's log (in memory, including not yet persisted ones). */
    public List<Entry> entries(long fromIndex, long toIndex) {
        throw new UnsupportedOperationException();
    }

    /** On a leader, the highest index known replicated on {@code peer} (§5.3); empty on other roles. */
    public OptionalLong matchIndex(NodeId peer) {
        throw new UnsupportedOperationException();
    }
}
