package multidriver.sim.raft;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import multidriver.core.raft.ClusterInvariants;
import multidriver.core.raft.DeliberateBug;
import multidriver.core.raft.RaftConfig;
import multidriver.server.ServerBug;
import multidriver.sim.api.ClusterCheck;
import multidriver.sim.api.MessageView;
import multidriver.sim.api.SimulatedNode;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.workload.ClientPolicy;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.SimBug;
import multidriver.sim.world.Simulation;

/**
 * The project's own system as the simulator runs it, through the public {@code multidriver.sim.api} like any other:
 * the node's {@code ServerCore} (its WAL, codec, request path, sessions and Ready loop) in each process, with the
 * Raft timing, swarm knobs and deliberate bugs of one schedule, and the core's cross-node invariants (Figure 3) and
 * the §5.4.2 commit rule as its checks.
 */
public final class RaftKvSystem implements SimulatedSystem {
    private final int nodes;
    private final RaftConfig config;
    private final Set<ServerBug> serverBugs;
    private final long requestTimeoutMs;
    private final int maxSessions;
    private final long snapshotEveryEntries;

    private RaftKvSystem(int nodes, RaftConfig config, Set<ServerBug> serverBugs, long requestTimeoutMs,
                         int maxSessions, long snapshotEveryEntries) {
        this.nodes = nodes;
        this.config = config;
        this.serverBugs = Set.copyOf(serverBugs);
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxSessions = maxSessions;
        this.snapshotEveryEntries = snapshotEveryEntries;
    }

    /** The system with {@code schedule}'s Raft knobs (PreVote, CheckQuorum, batching, sessions, snapshots) and bugs. */
    public static RaftKvSystem forSchedule(Schedule schedule) {
        EnumSet<DeliberateBug> coreBugs = EnumSet.noneOf(DeliberateBug.class);
        EnumSet<ServerBug> serverBugs = EnumSet.noneOf(ServerBug.class);
        for (SimBug bug : schedule.bugs()) {
            bug.coreBug().ifPresent(coreBugs::add);
            bug.serverBug().ifPresent(serverBugs::add);
        }
        var profile = schedule.profile();
        RaftConfig config = new RaftConfig(Simulation.ELECTION_TIMEOUT_MIN_TICKS, Simulation.ELECTION_TIMEOUT_MAX_TICKS,
                Simulation.HEARTBEAT_INTERVAL_TICKS, profile.preVote(), profile.checkQuorum(),
                profile.maxEntriesPerAppend(), profile.maxInflightAppends(), coreBugs, profile.retainedLogBytes());
        return new RaftKvSystem(schedule.nodes(), config, serverBugs, ClientPolicy.defaults().attemptTimeoutMs(),
                profile.maxSessions(), profile.snapshotInterval());
    }

    @Override
    public SimulatedNode newNode(int machine, int nodeId) {
        return new RaftKvNode(nodes, config, serverBugs, requestTimeoutMs, maxSessions, snapshotEveryEntries);
    }

    @Override
    public List<ClusterCheck> checks() {
        ClusterInvariants invariants = new ClusterInvariants();
        CommitRuleCheck commitRule = new CommitRuleCheck(nodes);
        return List.of((machine, node) -> {
            var raft = ((RaftKvNode) node).raft();
            invariants.observe(raft);
            commitRule.observe(machine, raft);
        });
    }

    @Override
    public MessageView describeMessage(byte[] message) {
        return RaftMessageViews.of(message);
    }

    /** Clients open a session through the log before their first write (thesis §6.3). */
    @Override
    public boolean sessions() {
        return true;
    }

    @Override
    public String name() {
        return "multi-driver raft kv";
    }
}
