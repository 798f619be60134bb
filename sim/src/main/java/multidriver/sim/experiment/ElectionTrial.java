package multidriver.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
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
 * One trial of the Figure 16 experiment, on plain Raft (no PreVote, no CheckQuorum, as in the paper), with a 1 ms
 * tick so that timeouts have millisecond resolution. Five servers start with logs of different lengths (only the
 * servers with the longest logs can win, §5.4.1); a leader is elected and settles; it is crashed at a uniformly
 * random point of its heartbeat interval; the trial measures how long the cluster is without a leader.
 *
 * <p>Time-stepped in steps of 0.1 ms: each step delivers the messages due, and each server ticks every 10 steps at
 * its own random phase. Real servers' clocks are not aligned; ticking all five in the same instant would make
 * timeouts drawn from 150-155 ms collide far more often than the paper's continuous timers did.
 */
final class ElectionTrial {
    /** Simulation steps per millisecond (a step is 0.1 ms). */
    private static final int STEPS_PER_MS = 10;
    /** One-way message delay: 6-9 ms, so a broadcast (request and reply) takes about 15 ms as in the paper. */
    private static final int MIN_DELAY_STEPS = 60;
    private static final int MAX_DELAY_STEPS = 90;
    private static final int NODES = 5;
    private static final int[] LOG_LENGTHS = {12, 12, 12, 11, 10};

    private record InFlight(long atStep, long seq, Message message) {
    }

    private final TimeoutRange range;
    private final SplittableRandom random;
    private final long capMs;
    private final RaftNode[] nodes = new RaftNode[NODES];
    private final boolean[] crashed = new boolean[NODES];
    private final PriorityQueue<InFlight> network = new PriorityQueue<>((a, b) -> a.atStep != b.atStep
            ? Long.compare(a.atStep, b.atStep) : Long.compare(a.seq, b.seq));
    private final int[] tickPhase = new int[NODES];
    private long nowStep;
    private long seq;
    private long lastHeartbeatStep = -1;

    ElectionTrial(TimeoutRange range, long seed, long capMs) {
        this.range = range;
        this.random = new SplittableRandom(seed);
        this.capMs = capMs;
        RaftConfig config = new RaftConfig(range.minMs(), range.maxMs(), range.heartbeatMs(), false, false, 64, 8,
                Set.of());
        for (int i = 0; i < NODES; i++) {
            List<NodeId> peers = new ArrayList<>();
            for (int p = 0; p < NODES; p++) if (p != i) peers.add(NodeId.of(p));
            List<Entry> log = new ArrayList<>();
            for (int index = 1; index <= LOG_LENGTHS[i]; index++) log.add(new Entry(index, 1, new byte[] {1}));
            nodes[i] = new RaftNode(NodeId.of(i), peers, config, random.split(),
                    new RecoveredState(new HardState(1, null, 0), log));
            tickPhase[i] = random.nextInt(STEPS_PER_MS);
        }
    }

    /** Downtime in ms after the leader's crash, or -1 when no leader was elected within the cap. */
    long run() {
        long giveUpStep = 120_000L * STEPS_PER_MS;
        // Settle: a leader, followed for a few election timeouts, then wait for one of its heartbeats.
        long settledAt = 0;
        while (nowStep < giveUpStep) {
            step();
            if (leader() < 0) {
                settledAt = nowStep + 2L * range.maxMs() * STEPS_PER_MS;
            } else if (nowStep >= settledAt && lastHeartbeatStep == nowStep) {
                break;
            }
        }
        if (nowStep >= giveUpStep) return -1;
        // Crash at a uniform point of the heartbeat interval after that heartbeat.
        long crashAt = nowStep + random.nextInt(range.heartbeatMs() * STEPS_PER_MS);
        while (nowStep < crashAt) step();
        while (leader() < 0 && nowStep < giveUpStep) step(); // (a rare re-election in the meantime: wait it out)
        crashed[leader()] = true;
        long crashedAt = nowStep;
        long capSteps = capMs * STEPS_PER_MS;
        while (nowStep - crashedAt < capSteps) {
            step();
            if (leader() >= 0) return (nowStep - crashedAt + STEPS_PER_MS / 2) / STEPS_PER_MS;
        }
        return -1;
    }

    private int leader() {
        for (int i = 0; i < NODES; i++) if (!crashed[i] && nodes[i].role() == Role.LEADER) return i;
        return -1;
    }

    private void step() {
        nowStep++;
        while (!network.isEmpty() && network.peek().atStep <= nowStep) {
            Message m = network.poll().message;
            int to = m.to().value();
            if (crashed[to]) continue;
            nodes[to].step(m);
            drain(to);
        }
        int phase = (int) (nowStep % STEPS_PER_MS);
        for (int i = 0; i < NODES; i++) {
            if (crashed[i] || tickPhase[i] != phase) continue;
            nodes[i].tick();
            drain(i);
        }
    }

    private void drain(int id) {
        RaftNode node = nodes[id];
        while (node.hasReady()) {
            Ready ready = node.ready();
            for (Message m : ready.messages()) {
                if (m instanceof Heartbeat) lastHeartbeatStep = nowStep;
                // Keep the logs of different lengths: the shortest log never receives entries, so after the crash one
                // of the four survivors cannot win an election (§5.4.1) and its candidacies only delay the others.
                if (m instanceof AppendEntries ae && !ae.entries().isEmpty() && m.to().value() == NODES - 1) continue;
                long delay = MIN_DELAY_STEPS + random.nextInt(MAX_DELAY_STEPS - MIN_DELAY_STEPS + 1);
                network.add(new InFlight(nowStep + delay, seq++, m));
            }
            node.advance(ready);
        }
    }
}
