package multidriver.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.Ready;
import multidriver.core.raft.RecoveredState;
import multidriver.core.raft.Role;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.Message;

/**
 * A small deterministic world of five real {@link RaftNode}s for the election experiment: one event agenda in
 * microseconds, ticks of {@code tickUs} (100 us by default, {@link ExperimentOptions#DEFAULT_TICK_US}), a network
 * with a uniform one-way delay ({@link OneWayDelay}), a disk with a fixed fsync latency, crashes, and "lagging"
 * followers. Every Ready is handled in contract order: persist, then send, then advance. A Ready whose
 * {@code mustSync} holds (a new term or vote, or new entries: §5.1, Figure 2) is durable only {@code fsyncUs} later,
 * and only then do its messages leave; meanwhile the server keeps ticking and receiving, and its next Ready waits
 * (one write at a time, as one disk). With {@code fsyncUs = 0} every write is instant, as before.
 *
 * <p>Each server's tick clock runs at its own random phase within its tick: real servers' clocks are not aligned,
 * and ticking all five in the same instant would turn timeouts drawn from 150-155 ms into far more exact ties than
 * the paper's continuous timers had.
 */
final class TrialCluster {
    static final int SERVERS = 5;
    static final int MAJORITY = SERVERS / 2 + 1;
    private static final int MAX_PENDING_EVENTS = 100_000;
    /** Election safety is checked against the leaders of this many most recent terms (bounded memory). */
    private static final int REMEMBERED_TERMS = 4_096;

    private final RaftNode[] nodes = new RaftNode[SERVERS];
    private final StableStore[] stores = new StableStore[SERVERS];
    private final boolean[] crashed = new boolean[SERVERS];
    private final boolean[] lagging = new boolean[SERVERS];
    /** Whether the server's pending Ready is being written (its messages wait for {@link TrialEvent.Synced}). */
    private final boolean[] syncing = new boolean[SERVERS];
    private final TreeMap<Long, Integer> leaderOfTerm = new TreeMap<>();
    private final TrialAgenda agenda = new TrialAgenda(MAX_PENDING_EVENTS);
    private final SplittableRandom network;
    private final OneWayDelay delay;
    private final long tickUs;
    private final long fsyncUs;
    private long nowUs;
    private long lastHeartbeatUs = -1;
    private long watchTermAbove = Long.MAX_VALUE;
    private long firstLeaderAboveUs = -1;

    /**
     * @param delay  the network's one-way delay
     * @param tickUs simulated length of one tick of {@code config}'s timers
     * @param fsyncUs how long a {@code mustSync} write takes to become durable (0: at once)
     * @param bootUs when each server's clock starts ticking (its first tick falls within the following tick);
     *               servers receive messages from time 0
     */
    TrialCluster(RaftConfig config, OneWayDelay delay, long tickUs, long fsyncUs, SplittableRandom random,
                 long[] bootUs) {
        if (bootUs.length != SERVERS) throw new IllegalArgumentException("need " + SERVERS + " boot times");
        if (tickUs < 1) throw new IllegalArgumentException("tickUs must be >= 1, got " + tickUs);
        if (fsyncUs < 0) throw new IllegalArgumentException("fsyncUs must be >= 0, got " + fsyncUs);
        this.delay = delay;
        this.tickUs = tickUs;
        this.fsyncUs = fsyncUs;
        network = random.split();
        for (int i = 0; i < SERVERS; i++) {
            List<NodeId> peers = new ArrayList<>();
            for (int p = 0; p < SERVERS; p++) if (p != i) peers.add(NodeId.of(p));
            nodes[i] = new RaftNode(NodeId.of(i), peers, config, random.split(), RecoveredState.EMPTY);
            stores[i] = new StableStore();
            agenda.add(bootUs[i] + random.nextLong(tickUs), new TrialEvent.Tick(i));
        }
    }

    /** Runs events until {@code done} holds (true) or the next event would be after {@code untilUs} (false). */
    boolean runUntil(long untilUs, Predicate<TrialCluster> done) {
        while (!done.test(this)) {
            if (agenda.nextAtUs() > untilUs) {
                nowUs = Math.max(nowUs, untilUs);
                return false;
            }
            TrialAgenda.Due next = agenda.poll();
            nowUs = next.atUs();
            handle(next.event());
        }
        return true;
    }

    /** Runs every event up to and including {@code untilUs}. */
    void runTo(long untilUs) {
        runUntil(untilUs, c -> false);
    }

    private void handle(TrialEvent event) {
        if (event instanceof TrialEvent.Tick t) {
            if (crashed[t.server()]) return; // a crashed server's clock stops for good
            nodes[t.server()].tick();
            drain(t.server());
            agenda.add(nowUs + tickUs, t);
        } else if (event instanceof TrialEvent.Deliver d) {
            int to = d.message().to().value();
            if (crashed[to]) return;
            nodes[to].step(d.message());
            drain(to);
        } else if (event instanceof TrialEvent.Synced s) {
            if (crashed[s.server()]) return; // the write never completed: nobody restarts in this experiment
            syncing[s.server()] = false;
            finish(s.server(), nodes[s.server()].ready()); // ready() returns the pending Ready again
            drain(s.server());
        }
    }

    /**
     * Handles a server's output in the Ready contract's order: persist, send, advance. A {@code mustSync} Ready with a
     * disk latency stops here until its {@link TrialEvent.Synced}: the core hands out the same Ready until advanced.
     */
    private void drain(int server) {
        RaftNode node = nodes[server];
        while (!syncing[server] && node.hasReady()) {
            Ready ready = node.ready();
            if (ready.mustSync() && fsyncUs > 0) {
                syncing[server] = true;
                agenda.add(nowUs + fsyncUs, new TrialEvent.Synced(server));
            } else {
                finish(server, ready);
            }
        }
        observeLeader(server);
    }

    /** The Ready is durable: store it, send its messages, advance. */
    private void finish(int server, Ready ready) {
        RaftNode node = nodes[server];
        stores[server].persist(ready);
        for (Message m : ready.messages()) {
            if (m.term() > stores[server].term()) {
                throw new IllegalStateException("Ready contract: " + node.id() + " sends " + m
                        + " before its term " + m.term() + " is persisted (stored " + stores[server].term() + ")");
            }
            send(m);
        }
        node.advance(ready);
        if (!node.hasReady() && stores[server].lastIndex() != node.lastLogIndex()) {
            throw new IllegalStateException("Ready contract: " + node.id() + " holds " + node.lastLogIndex()
                    + " entries but stored " + stores[server].lastIndex());
        }
    }

    private void send(Message m) {
        int to = m.to().value();
        if (m instanceof Heartbeat && !crashed[m.from().value()]) lastHeartbeatUs = nowUs;
        // A lagging follower's link is too slow for entries: heartbeats get through (it stays a follower), appends
        // with entries do not, so its log stays short and it cannot win an election (§5.4.1).
        if (lagging[to] && m instanceof AppendEntries ae && !ae.entries().isEmpty()) return;
        agenda.add(nowUs + delay.minUs() + network.nextLong(delay.maxUs() - delay.minUs() + 1),
                new TrialEvent.Deliver(m));
    }

    /** Election Safety (§5.2, Figure 3): at most one leader per term, checked whenever a server acted. */
    private void observeLeader(int server) {
        RaftNode node = nodes[server];
        if (node.role() != Role.LEADER) return;
        Integer previous = leaderOfTerm.putIfAbsent(node.term(), server);
        if (previous != null && previous != server) {
            throw new IllegalStateException("election safety: servers " + previous + " and " + server
                    + " both leader in term " + node.term());
        }
        if (leaderOfTerm.size() > REMEMBERED_TERMS) leaderOfTerm.pollFirstEntry();
        if (node.term() > watchTermAbove && firstLeaderAboveUs < 0) firstLeaderAboveUs = nowUs;
    }

    /** From now on, remember when a server first becomes leader in a term above {@code term}. */
    void watchForLeaderAbove(long term) {
        watchTermAbove = term;
        firstLeaderAboveUs = -1;
    }

    /** Time a leader above the watched term appeared, or -1. */
    long firstLeaderAboveUs() {
        return firstLeaderAboveUs;
    }

    /** The live leader of the highest term, or -1. */
    int leader() {
        int best = -1;
        for (int i = 0; i < SERVERS; i++) {
            if (!crashed[i] && nodes[i].role() == Role.LEADER && (best < 0 || nodes[i].term() > nodes[best].term())) {
                best = i;
            }
        }
        return best;
    }

    /** Whether a majority of servers (the leader included) are live and know {@code server} as leader of its term. */
    boolean majorityFollows(int server) {
        long term = nodes[server].term();
        int count = 0;
        for (int i = 0; i < SERVERS; i++) {
            if (crashed[i] || nodes[i].term() != term) continue;
            if (nodes[i].leader().map(l -> l.value() == server).orElse(false)) count++;
        }
        return count >= MAJORITY;
    }

    /** Client command at {@code server} (leader only); false when it is not the leader. */
    boolean propose(int server, byte[] command) {
        if (crashed[server]) throw new IllegalStateException("propose at crashed server " + server);
        boolean accepted = nodes[server].propose(command).isPresent();
        drain(server);
        return accepted;
    }

    /** An extra tick of {@code server}'s clock, now (fast-forwards its timers by one tick). */
    void tickNow(int server) {
        if (crashed[server]) throw new IllegalStateException("tick at crashed server " + server);
        nodes[server].tick();
        drain(server);
    }

    void crash(int server) {
        crashed[server] = true;
    }

    void setLagging(int server, boolean on) {
        lagging[server] = on;
    }

    RaftNode node(int server) {
        return nodes[server];
    }

    long nowUs() {
        return nowUs;
    }

    /** When the current leader last sent heartbeats, or -1. */
    long lastHeartbeatUs() {
        return lastHeartbeatUs;
    }

    /** Highest term of any live server. */
    long maxLiveTerm() {
        long max = 0;
        for (int i = 0; i < SERVERS; i++) if (!crashed[i]) max = Math.max(max, nodes[i].term());
        return max;
    }
}
