package multidriver.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.check.history.History;
import multidriver.check.history.Op;
import multidriver.check.history.OpType;
import multidriver.check.model.Models;
import multidriver.check.search.CheckOptions;
import multidriver.check.search.Linearizability;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;
import multidriver.core.raft.InvariantViolation;
import multidriver.sim.api.ClusterCheck;
import multidriver.sim.api.MessageView;
import multidriver.sim.api.NodeRole;
import multidriver.sim.api.SimulatedSystem;
import multidriver.sim.raft.RaftKvSystem;
import multidriver.sim.fault.Fault;
import multidriver.sim.fault.PartitionShape;
import multidriver.sim.disk.DiskFaultCounters;
import multidriver.sim.disk.SimDisk;
import multidriver.sim.workload.ClientEnvironment;
import multidriver.sim.workload.ClientPolicy;
import multidriver.sim.workload.ClientReply;
import multidriver.sim.workload.ClientRequest;
import multidriver.sim.workload.HistoryRecorder;
import multidriver.sim.workload.SimClient;

/**
 * One schedule, run to completion on one thread: a deterministic discrete-event simulation of the cluster, its
 * network, its disks and its clients. Time is simulated milliseconds; nothing reads the wall clock; every random
 * choice comes from generators seeded by the schedule. Same schedule, same code: same events, same traceHash.
 *
 * <p>The nodes are a {@link SimulatedSystem}'s, driven only through the public {@code multidriver.sim.api}: by
 * default the project's own Raft KV ({@link RaftKvSystem}), or any user's system ({@link #run(SimulatedSystem,
 * Schedule, RunOptions)}).
 *
 * <p>Checks: the system's {@link ClusterCheck}s after every event that touched a node (for the Raft KV the core's
 * election safety, log matching, leader completeness and state machine safety); linearizability of the client history
 * per key at the end; the liveness phase — from {@code healAtMs} the core majority is restarted and reconnected and
 * must (when the nodes report roles) elect a leader, and finish every pending client operation within
 * {@code livenessBoundMs}; and convergence, when the nodes offer their replicas.
 */
public final class Simulation implements NodeEnvironment, ClientEnvironment {
    /** Raft timing in ms, scaled to ticks by the 10 ms tick: election timeout 150-300 ms, heartbeat 50 ms. */
    public static final int TICK_MS = 10;
    public static final int ELECTION_TIMEOUT_MIN_TICKS = 15;
    public static final int ELECTION_TIMEOUT_MAX_TICKS = 30;
    public static final int HEARTBEAT_INTERVAL_TICKS = 5;
    private long transfersStarted;
    private static final int MAX_PENDING_EVENTS = 1_000_000;
    private static final int MAX_HISTORY_OPS = 1_000_000;
    /**
     * A healthy cluster processes 2-4 events per simulated millisecond; far more means a message storm (e.g. a
     * leader and a follower bouncing rejections at each other). The run stops there with a liveness failure rather
     * than spinning: bounded everything.
     */
    private static final long MAX_EVENTS_PER_SIMULATED_MS = 20;
    /** After the liveness goal holds, the healed core runs this long with clients working and must stay stable. */
    static final long STABLE_WINDOW_MS = 1_000;
    /**
     * At most this many leaders elected in the core during the stable window (one disruption is Raft; more is churn).
     * Counted as elections, not as the rise of the term number: a single stale higher term (a very late copy of a
     * dead node's message) makes a leader step down and adopt a term several numbers up, which is one disruption.
     * Elections that never succeed show up as operations slower than {@link #MAX_STABLE_OP_LATENCY_MS}.
     */
    static final int MAX_STABLE_NEW_LEADERS = 2;
    /** Every operation invoked in the stable window completes within this. */
    static final long MAX_STABLE_OP_LATENCY_MS = 1_000;
    /**
     * Once everything is healed and clients stop, the live replicas must converge; they fail when no replica's log,
     * commit or apply index moved for this long (a stall), however slowly they were catching up before.
     */
    static final long CONVERGE_STALL_MS = 3_000;
    /**
     * And they must have converged this long after the heal at the latest. Generous on purpose: the operator adds
     * replaced machines back one at a time, and with one entry per append and one append in flight (swarm knobs) an
     * empty learner needs a round trip per entry; two such learners behind a 700-entry log took 25 s (found by a
     * 3-node scan, seed 7 #261). A stall, not slowness, is what {@link #CONVERGE_STALL_MS} catches.
     */
    static final long CONVERGE_MAX_MS = 60_000;
    /** Process ids of the final reads of the converged state (after every client's own). */
    private static final long FINAL_READ_PROCESS = 1L << 40;

    /** The phases of a schedule, in order. */
    private enum Phase { FAULTS, LIVENESS, STABLE, CONVERGE, DONE }

    /** A supervisor restarts a process that stopped itself after an I/O error this much later. */
    private static final long FAIL_STOP_RESTART_MS = 200;
    /** And tries again this often while the start fails (a disk that is still full). */
    private static final long RESTART_RETRY_MS = 200;

    private final Schedule schedule;
    private final RunOptions options;
    private final EventQueue queue = new EventQueue(MAX_PENDING_EVENTS);
    private final LinkMatrix links;
    private final SimNetwork network;
    private final SimNode[] nodes;
    private final SimClient[] clients;
    private final HistoryRecorder history = new HistoryRecorder(MAX_HISTORY_OPS);
    private final List<ClusterCheck> checks;
    private final LivenessGoal liveness;
    private final TraceHash trace;
    private final Timeline timeline;
    private final SplittableRandom crashRandom;
    private final Object[] faultState;
    private final long[] roleSinceMs;
    private final String[] roleLabel;
    /** The system, for the explorer's message labels (only asked while a timeline is recorded). */
    private final SimulatedSystem system;
    /** Each machine's last state line in the timeline, so only changes are recorded. */
    private final String[] lastStateLine;

    private long nowMs;
    private Failure failure;
    private Phase phase = Phase.FAULTS;
    private boolean livenessSatisfied;
    private long stableFromMs;
    private long stableNewLeaders;
    private long convergeStartMs;
    private long lastProgressMs;
    private long progressSignature;
    private final int keys;
    private long leaderTerms;
    private long crashes;
    private final MembershipOperator operator;

    private Simulation(SimulatedSystem system, Schedule schedule, RunOptions options) {
        this.schedule = schedule;
        this.options = options;
        int n = schedule.nodes();
        this.links = new LinkMatrix(n);
        SplittableRandom root = new SplittableRandom(schedule.seed());
        this.network = new SimNetwork(schedule.profile(), root.nextLong(), links);
        this.crashRandom = root.split();
        SplittableRandom clockRandom = root.split();
        this.trace = new TraceHash(options.recordTrace());
        this.timeline = options.recordTimeline() ? new Timeline() : null;
        this.nodes = new SimNode[n];
        this.roleSinceMs = new long[n];
        this.roleLabel = new String[n];
        this.system = system;
        this.lastStateLine = new String[n];
        long nodeSeed = root.nextLong();
        for (int i = 0; i < n; i++) {
            // Each machine's clock: its own offset (phase) and rate (the swarm's tick period for it).
            double periodMs = schedule.profile().tickPeriodMs().get(i);
            double phaseMs = clockRandom.nextDouble() * periodMs;
            nodes[i] = new SimNode(i, n, nodeSeed, system, phaseMs, periodMs, this);
        }
        this.clients = new SimClient[schedule.clients()];
        List<List<multidriver.sim.workload.ClientOp>> perClient = new ArrayList<>();
        for (int c = 0; c < clients.length; c++) perClient.add(new ArrayList<>());
        int keys = 1;
        for (var op : schedule.ops()) {
            if (op.client() >= clients.length) {
                throw new IllegalArgumentException("op " + op + " names a client beyond " + clients.length);
            }
            perClient.get(op.client()).add(op);
            keys = Math.max(keys, op.key() + 1);
        }
        for (int c = 0; c < clients.length; c++) {
            clients[c] = new SimClient(c, clients.length, perClient.get(c), keys, ClientPolicy.defaults(),
                    system.sessions(), this);
        }
        this.keys = keys;
        this.faultState = new Object[schedule.faults().size()];
        this.checks = List.copyOf(system.checks());
        this.liveness = new LivenessGoal(schedule, nodes, clients);
        this.operator = new MembershipOperator(new OperatorWorld());
    }

    /** The membership operator's view of this world. */
    private final class OperatorWorld implements MembershipOperator.World {
        @Override
        public long nowMs() {
            return nowMs;
        }

        @Override
        public SimNode[] nodes() {
            return nodes;
        }

        @Override
        public int liveLeader() {
            int best = -1;
            long bestTerm = -1;
            for (SimNode node : nodes) {
                NodeRole role = node.role();
                if (role != null && !node.isPaused() && role.role() == NodeRole.Role.LEADER && role.term() > bestTerm) {
                    best = node.id();
                    bestTerm = role.term();
                }
            }
            return best;
        }

        @Override
        public List<Integer> core() {
            return schedule.core();
        }

        @Override
        public void wake(long atMs, long generation) {
            queue.schedule(Math.max(atMs, nowMs), new SimEvent.OperatorWake(generation));
        }

        @Override
        public void replaceMachine(int node) {
            nodes[node].wipe();
            crashes++;
            Simulation.this.note("n" + node, nowMs, nowMs, "crash", "machine replaced: empty disk");
        }

        @Override
        public void startNode(int node) {
            restart(node);
        }

        @Override
        public void note(int node, String label) {
            Simulation.this.note("n" + node, nowMs, nowMs, "leader", label);
        }
    }

    /** Runs {@code schedule} on the project's own Raft KV and checks it. */
    public static ScheduleResult run(Schedule schedule, RunOptions options) {
        return run(RaftKvSystem.forSchedule(schedule), schedule, options);
    }

    /** Runs {@code schedule} on {@code system}'s nodes and checks it. */
    public static ScheduleResult run(SimulatedSystem system, Schedule schedule, RunOptions options) {
        return new Simulation(system, schedule, options).execute();
    }

    private ScheduleResult execute() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].start() != SimNode.Start.STARTED) {
                throw new IllegalStateException("n" + i + " could not bootstrap on an empty disk: " + nodes[i].refusal());
            }
            observe(i);
        }
        for (SimClient client : clients) client.start();
        List<Fault> faults = schedule.faults();
        for (int i = 0; i < faults.size(); i++) {
            queue.schedule(faults.get(i).atMs(), new SimEvent.FaultStart(i));
            queue.schedule(faults.get(i).untilMs(), new SimEvent.FaultEnd(i));
        }
        if (schedule.healAtMs() < schedule.simMs()) queue.schedule(schedule.healAtMs(), new SimEvent.Heal());
        try {
            loop();
        } catch (InvariantViolation e) {
            failure = new Failure(Failure.Kind.SAFETY, e.getMessage(), nowMs);
        } catch (SafetyViolation e) {
            failure = new Failure(Failure.Kind.SAFETY, e.getMessage(), nowMs);
        } catch (multidriver.sim.workload.WrongAnswer e) {
            failure = new Failure(Failure.Kind.SAFETY, "wrong answer: " + e.getMessage(), nowMs);
        }
        if (failure == null && phase == Phase.LIVENESS && !livenessSatisfied) {
            failure = new Failure(Failure.Kind.LIVENESS, liveness.reason(), nowMs);
        }
        for (SimClient client : clients) client.abandon();
        History recorded = history.build();
        Outcome linearizable = null;
        long searchSteps = 0;
        if (failure == null && options.checkLinearizability()) {
            Verdict verdict = Linearizability.check(recorded, Models.casRegister(null), CheckOptions.defaults()
                    .withIndependent(true).withMaxSearchSteps(options.maxSearchSteps()).withParallelism(1));
            linearizable = verdict.outcome();
            searchSteps = verdict.searchSteps();
            if (timeline != null) timeline.verdict(verdict); // the explorer's explanation, without a second check
            if (linearizable == Outcome.INVALID) {
                failure = new Failure(Failure.Kind.LINEARIZABILITY, verdict.reason(), -1);
            }
        }
        closeTimeline();
        DiskFaultCounters diskFaults = new DiskFaultCounters();
        for (SimNode node : nodes) diskFaults.add(node.disk().counters());
        return new ScheduleResult(schedule, failure, linearizable, trace.value(), trace.count(), nowMs, searchSteps,
                recorded, timeline, trace, stats(recorded), diskFaults);
    }

    /**
     * Runs the phases: faults until {@code healAtMs}; then the liveness phase (the core healed, faults outside it may
     * last) until its goal holds, at most {@code livenessBoundMs}; then a stable window of {@link #STABLE_WINDOW_MS}
     * with clients still working; then convergence: everything healed, clients stopped, every live replica must reach
     * the same state, without stalling for {@link #CONVERGE_STALL_MS} and within {@link #CONVERGE_MAX_MS}. A schedule cut short (healAtMs >= simMs) has only faults.
     */
    private void loop() {
        long maxEvents = MAX_EVENTS_PER_SIMULATED_MS * Math.max(1000, schedule.simMs() + STABLE_WINDOW_MS
                + CONVERGE_MAX_MS);
        while (failure == null) {
            if (trace.count() >= maxEvents) {
                failure = new Failure(Failure.Kind.LIVENESS, "event storm: " + trace.count() + " events by " + nowMs
                        + "ms (bound " + MAX_EVENTS_PER_SIMULATED_MS + " per simulated ms); " + network.sentCount()
                        + " messages sent", nowMs);
                return;
            }
            long limitMs = switch (phase) {
                case STABLE -> stableFromMs + STABLE_WINDOW_MS;
                case CONVERGE -> Math.min(lastProgressMs + CONVERGE_STALL_MS, convergeStartMs + CONVERGE_MAX_MS);
                case LIVENESS -> liveness.deadlineMs();
                default -> schedule.simMs();
            };
            if (queue.nextAtMs() > limitMs) {
                nowMs = limitMs;
                if (phase == Phase.LIVENESS && liveness.holdsAtDeadline()) {
                    livenessSatisfied = true;
                    startStableWindow();
                    continue;
                }
                if (phase == Phase.STABLE) {
                    endStableWindow();
                    continue;
                }
                if (phase == Phase.CONVERGE) {
                    boolean stalled = lastProgressMs + CONVERGE_STALL_MS <= convergeStartMs + CONVERGE_MAX_MS;
                    failure = new Failure(Failure.Kind.CONVERGENCE, "not converged " + (nowMs - convergeStartMs)
                            + "ms after everything was healed and the clients stopped" + (stalled ? " (no replica moved for "
                            + CONVERGE_STALL_MS + "ms)" : "") + ": " + Convergence.divergence(nodes), nowMs);
                }
                return;
            }
            EventQueue.Scheduled next = queue.poll();
            nowMs = next.atMs();
            SimEvent event = next.event();
            trace.add(nowMs, EventHash.kind(event), EventHash.content(event), event::toString);
            dispatch(event);
            if (timeline != null) recordStates();
            if (phase == Phase.LIVENESS) {
                failure = liveness.earlyFailure(nowMs);
                if (failure != null) return;
                if (liveness.holds() || (nowMs >= liveness.deadlineMs() && liveness.holdsAtDeadline())) {
                    livenessSatisfied = true;
                    startStableWindow();
                } else if (nowMs >= liveness.deadlineMs()) {
                    return;
                }
            } else if (phase == Phase.CONVERGE) {
                if (Convergence.divergence(nodes) == null) {
                    recordFinalReads();
                    phase = Phase.DONE;
                    return;
                }
                long signature = Convergence.progress(nodes);
                if (signature != progressSignature) {
                    progressSignature = signature;
                    lastProgressMs = nowMs;
                }
            }
        }
    }

    /** The liveness goal holds: watch the healed core for churn and slow answers while clients keep working. */
    private void startStableWindow() {
        phase = Phase.STABLE;
        stableFromMs = nowMs;
        stableNewLeaders = 0;
        for (SimClient client : clients) client.watchLatencyFrom(nowMs);
        note("net", nowMs, nowMs + STABLE_WINDOW_MS, "heal", "stable window");
    }

    private void endStableWindow() {
        if (stableNewLeaders > MAX_STABLE_NEW_LEADERS) {
            failure = new Failure(Failure.Kind.LIVENESS, "leader churn: the healed core " + schedule.core() + " elected"
                    + " " + stableNewLeaders + " leaders in the " + STABLE_WINDOW_MS + "ms stable window from "
                    + stableFromMs + "ms (bound " + MAX_STABLE_NEW_LEADERS + ")", nowMs);
            return;
        }
        for (SimClient client : clients) {
            if (client.maxLatencyInWindowMs() > MAX_STABLE_OP_LATENCY_MS) {
                failure = new Failure(Failure.Kind.LIVENESS, "slow answers while the healed core was stable: c"
                        + client.index() + " " + client.slowestInWindow() + " (bound " + MAX_STABLE_OP_LATENCY_MS
                        + "ms)", nowMs);
                return;
            }
        }
        startConvergence();
    }

    /**
     * Everything heals: every link, every disk, every paused or downed process (except a node whose WAL is corrupt:
     * it stays down, as a real one would until replaced). Clients stop, requests still in flight are dropped, so the
     * cluster goes quiet.
     */
    private void startConvergence() {
        phase = Phase.CONVERGE;
        convergeStartMs = nowMs;
        lastProgressMs = nowMs;
        progressSignature = Convergence.progress(nodes);
        for (SimClient client : clients) client.stop();
        java.util.Arrays.fill(faultState, null);
        links.healAll();
        network.speedUpAll();
        for (SimNode node : nodes) {
            node.disk().setFull(false);
            node.disk().powerLossAtNextSync(false);
            restart(node.id());
            resume(node.id());
        }
        note("net", nowMs, nowMs, "heal", "heal everything, clients stop");
    }

    /** Reads of every key in the converged state, as a last client would see them: acknowledged writes must be there. */
    private void recordFinalReads() {
        java.util.SortedMap<String, Long> state = Convergence.state(nodes);
        if (state == null) return; // the system offers no replica view: nothing to read
        for (int key = 0; key < keys; key++) {
            Long read = state.get("k" + key);
            history.invoke(FINAL_READ_PROCESS + key, multidriver.sim.workload.OpKind.READ, key, null, nowMs);
            history.complete(FINAL_READ_PROCESS + key, OpType.OK, multidriver.sim.workload.OpKind.READ, key, read, nowMs);
        }
        note("net", nowMs, nowMs, "heal", "converged");
    }

    private void dispatch(SimEvent event) {
        if (event instanceof SimEvent.Timer timer) {
            SimNode node = nodes[timer.node()];
            if (!node.isUp() || node.incarnation() != timer.incarnation()) return; // the timer died with its process
            deliverToNode(timer.node(), event); // a paused process's timer fires when it wakes
        } else if (event instanceof SimEvent.Deliver deliver) {
            if (nodes[deliver.from()].outboundFrozen()) {
                nodes[deliver.from()].holdOutbound(deliver); // still in the frozen sender's buffers
                return;
            }
            if (!network.canArrive(deliver)) return;
            deliverToNode(deliver.to(), event);
        } else if (event instanceof SimEvent.Request request) {
            if (phase == Phase.CONVERGE) return; // the clients stopped; what they still had in flight is lost
            deliverToNode(request.node(), event);
        } else if (event instanceof SimEvent.Reply reply) {
            clients[reply.reply().client()].onReply(reply.reply());
        } else if (event instanceof SimEvent.ClientTimeout timeout) {
            clients[timeout.client()].onTimeout(timeout.attemptId());
        } else if (event instanceof SimEvent.ClientWake wake) {
            clients[wake.client()].wake();
        } else if (event instanceof SimEvent.FaultStart start) {
            startFault(start.index());
        } else if (event instanceof SimEvent.FaultEnd end) {
            endFault(end.index());
        } else if (event instanceof SimEvent.Heal) {
            heal();
        } else if (event instanceof SimEvent.KillLeader kill) {
            killLeader(kill);
        } else if (event instanceof SimEvent.Restart restart) {
            restart(restart.node());
        } else if (event instanceof SimEvent.OperatorWake wake) {
            operator.onWake(wake.generation());
        } else {
            throw new IllegalStateException("unknown event " + event);
        }
    }

    /** A message or client request arriving at a node: lost if it is down, held if it is paused. */
    private void deliverToNode(int id, SimEvent event) {
        SimNode node = nodes[id];
        if (!node.isUp()) return;
        if (node.isPaused()) {
            node.hold(event);
            return;
        }
        if (event instanceof SimEvent.Deliver deliver) {
            if (deliver.toId() != node.nodeId()) return; // mail for the node this machine ran before it was replaced
            node.receive(deliver.fromId(), deliver.bytes());
            if (timeline != null) recordArrow(deliver, id);
        } else if (event instanceof SimEvent.Timer timer) {
            if (timer.incarnation() != node.incarnation()) return;
            node.timer(timer.timerId());
        } else {
            node.request(((SimEvent.Request) event).request());
        }
        observe(id);
    }

    /** The explorer's arrow for a message that reached machine {@code to}'s node now. */
    private void recordArrow(SimEvent.Deliver deliver, int to) {
        MessageView view;
        try {
            view = system.describeMessage(deliver.bytes());
        } catch (RuntimeException e) { // a describer's bug must not change the run: show the arrow plainly
            view = null;
        }
        if (view == null) view = new MessageView("message", deliver.bytes().length + " bytes");
        timeline.arrow(new Timeline.Arrow(deliver.from(), to, deliver.sentMs(), nowMs, view.kind(), view.label()));
    }

    /** Each machine's state line, recorded when it differs from the last one (after every event of a replay). */
    private void recordStates() {
        for (int i = 0; i < nodes.length; i++) {
            String line;
            if (!nodes[i].isUp()) {
                line = "down";
            } else {
                try {
                    line = nodes[i].node().describeState();
                } catch (RuntimeException e) {
                    line = "describeState failed: " + e;
                }
                if (line == null) {
                    NodeRole role = nodes[i].role();
                    line = role == null ? "up" : role.toString();
                }
                if (nodes[i].isPaused()) line = "paused · " + line;
            }
            if (!line.equals(lastStateLine[i])) {
                lastStateLine[i] = line;
                timeline.state(new Timeline.State(i, nowMs, line));
            }
        }
    }

    /** The system's invariants after an event that touched machine {@code id}: a broken one fails the schedule. */
    private void observe(int id) {
        if (!nodes[id].isUp()) return;
        for (ClusterCheck check : checks) {
            try {
                check.afterStep(id, nodes[id].node());
            } catch (InvariantViolation | SafetyViolation e) {
                throw e;
            } catch (RuntimeException | AssertionError e) {
                throw new SafetyViolation(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }
    }

    // ---- faults ----

    private void startFault(int index) {
        Fault fault = schedule.faults().get(index);
        if (fault instanceof Fault.Partition partition) {
            List<Integer> order = partition.order();
            if (partition.shape() == PartitionShape.ISOLATE_LEADER) order = leaderFirst(order);
            boolean[][] blocked = partition.shape().blockedLinks(order, nodes.length);
            links.add(blocked, +1);
            faultState[index] = blocked;
            note("net", partition.atMs(), partition.untilMs(), "partition", partition.shape().cliName() + " " + order);
        } else if (fault instanceof Fault.Crash crash) {
            List<Integer> targets = crash.targetsLeader() ? List.of(currentLeader()) : crash.nodes();
            List<Integer> crashed = new ArrayList<>();
            for (int id : targets) {
                SimNode node = nodes[id];
                if (!node.isUp()) continue;
                crashed.add(id);
                if (crash.tornWrite()) {
                    node.disk().powerLossAtNextSync(true); // strikes inside the node's next write (failStopped)
                    continue;
                }
                node.crash(false, crashRandom);
                crashes++;
                note("n" + id, nowMs, crash.untilMs(), "crash", "crash");
            }
            faultState[index] = crashed;
        } else if (fault instanceof Fault.Disk disk) {
            startDiskFault(index, disk);
        } else if (fault instanceof Fault.SlowLinks slow) {
            network.slowDown(slow.node(), index, slow.holdMs());
            faultState[index] = Boolean.FALSE;
            note("n" + slow.node(), nowMs, slow.untilMs(), "pause", "slow links +" + slow.holdMs() + "ms");
        } else if (fault instanceof Fault.KillLeaders) {
            // Armed: roleChanged() schedules a kill for every leader elected from now on (the current one stays).
            faultState[index] = Boolean.TRUE;
            note("net", fault.atMs(), fault.untilMs(), "crash", "kill leaders");
        } else if (fault instanceof Fault.Transfer transfer) {
            int leader = currentLeader();
            int target = transfer.target(leader, nodes.length);
            if (target != leader && nodes[leader].isUp() && nodes[leader].transferLeadership(nodes[target].nodeId())) {
                transfersStarted++;
                note("n" + leader, nowMs, nowMs, "leader", "transfer leadership to n" + target);
                if (transfer.crashTarget() && nodes[target].isUp()) {
                    nodes[target].crash(false, crashRandom);
                    crashes++;
                    faultState[index] = List.of(target);
                    note("n" + target, nowMs, transfer.untilMs(), "crash", "crash (transfer target)");
                }
            }
        } else if (fault instanceof Fault.MembershipChange change) {
            operator.start(change);
        } else if (fault instanceof Fault.Pause pause) {
            int id = pause.targetsLeader() ? currentLeader() : pause.node();
            SimNode node = nodes[id];
            if (node.isUp() && !node.isPaused()) {
                node.pause(pause.freezeOutbound());
                faultState[index] = id;
                note("n" + id, nowMs, pause.untilMs(), "pause", "pause");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void endFault(int index) {
        Fault fault = schedule.faults().get(index);
        Object state = faultState[index];
        if (state == null) return;
        faultState[index] = null;
        if (fault instanceof Fault.Partition) {
            links.add((boolean[][]) state, -1);
        } else if (fault instanceof Fault.Crash || fault instanceof Fault.Transfer) {
            for (int id : (List<Integer>) state) {
                nodes[id].disk().powerLossAtNextSync(false);
                restart(id);
            }
        } else if (fault instanceof Fault.Disk disk) {
            if (disk.kind().equals("disk-full")) {
                nodes[disk.node()].disk().setFull(false);
            } else if (disk.kind().equals("misdirected-write")) {
                SimNode node = nodes[disk.node()];
                if (node.isUp()) {
                    node.crash(false, crashRandom);
                    crashes++;
                }
                nodes[disk.node()].disk().misdirectNextWrite(0);
                restart(disk.node());
            } else if (disk.corrupts()) {
                restart(disk.node());
            }
        } else if (fault instanceof Fault.Pause) {
            resume((Integer) state);
        } else if (fault instanceof Fault.SlowLinks slow) {
            network.speedUp(slow.node(), index);
        }
    }

    /**
     * Bit flips and read errors damage bytes while the node is off (powered down now, started at the fault's end);
     * an fsync error waits for the node's next fsync; a full disk refuses writes until the fault ends.
     */
    private void startDiskFault(int index, Fault.Disk fault) {
        SimNode node = nodes[fault.node()];
        switch (fault.kind()) {
            case "bit-flip", "read-error" -> {
                if (!node.isUp()) return;
                node.crash(false, crashRandom);
                crashes++;
                boolean damaged = fault.kind().equals("bit-flip") ? node.disk().flipBit(crashRandom)
                        : node.disk().failSector(crashRandom);
                note("n" + fault.node(), nowMs, fault.untilMs(), "crash", fault.kind() + (damaged ? "" : " (nothing durable yet)"));
            }
            case "fsync-error" -> node.disk().failNextSync();
            case "misdirected-write" -> {
                // The node keeps running on its page cache; at the fault's end it is power-cycled, and its recovery
                // reads what the device really wrote.
                if (!node.isUp()) return;
                // Backwards only, over older records: a batch written past the end of the file, or not at all, is an
                // fsync that lied, which no log without a second copy can detect (Wal's stated limit).
                node.disk().misdirectNextWrite(-(1 + crashRandom.nextInt(8)));
                note("n" + fault.node(), nowMs, fault.untilMs(), "crash", "misdirected write armed");
            }
            case "disk-full" -> {
                node.disk().setFull(true);
                note("n" + fault.node(), nowMs, fault.untilMs(), "pause", "disk full");
            }
            default -> throw new IllegalStateException("unknown disk fault " + fault.kind());
        }
        faultState[index] = Boolean.FALSE; // started: its end must run
    }

    private void armKill(int faultIndex, int node, long term) {
        Fault.KillLeaders kill = (Fault.KillLeaders) schedule.faults().get(faultIndex);
        long delayMs = crashRandom.nextLong(kill.maxDelayMs() + 1);
        queue.schedule(nowMs + delayMs, new SimEvent.KillLeader(node, nodes[node].incarnation(), term, faultIndex));
    }

    private void killLeader(SimEvent.KillLeader kill) {
        SimNode node = nodes[kill.node()];
        NodeRole role = node.role();
        if (faultState[kill.faultIndex()] == null || role == null || node.incarnation() != kill.incarnation()
                || role.role() != NodeRole.Role.LEADER || role.term() != kill.term()) {
            return;
        }
        Fault.KillLeaders fault = (Fault.KillLeaders) schedule.faults().get(kill.faultIndex());
        node.kill(); // kill -9: the machine and its page cache stay up
        crashes++;
        note("n" + kill.node(), nowMs, nowMs + fault.downMs(), "crash", "killed as leader of t" + kill.term() + " (kill -9)");
        queue.schedule(nowMs + fault.downMs(), new SimEvent.Restart(kill.node()));
    }

    private void restart(int id) {
        SimNode node = nodes[id];
        if (node.isUp()) return;
        SimNode.Start started = node.start();
        if (started != SimNode.Start.STARTED) {
            note("n" + id, nowMs, nowMs, "failure", "refused to start: " + node.refusal());
            // A transient I/O error (a full disk): the supervisor tries again. A corrupt or missing WAL: never.
            if (started == SimNode.Start.FAILED) queue.schedule(nowMs + RESTART_RETRY_MS, new SimEvent.Restart(id));
            return;
        }
        observe(id);
    }

    private void resume(int id) {
        SimNode node = nodes[id];
        if (!node.isUp() || !node.isPaused()) return;
        long ordinal = 0;
        for (SimEvent.Deliver held : node.releaseOutbound()) {
            queue.schedule(nowMs + network.releaseDelayMs(id, nowMs, ordinal++), held);
        }
        for (SimEvent held : node.resume()) {
            if (!node.isUp() || node.isPaused()) break;
            deliverToNode(id, held);
        }
    }

    /** The current leader (highest term among live leaders), else the lowest live node, else node 0. */
    private int currentLeader() {
        int best = -1;
        long bestTerm = -1;
        for (SimNode node : nodes) {
            NodeRole role = node.role();
            if (role != null && role.role() == NodeRole.Role.LEADER && role.term() > bestTerm) {
                best = node.id();
                bestTerm = role.term();
            }
        }
        if (best >= 0) return best;
        for (SimNode node : nodes) if (node.isUp()) return node.id();
        return 0;
    }

    private List<Integer> leaderFirst(List<Integer> order) {
        int leader = currentLeader();
        List<Integer> reordered = new ArrayList<>();
        reordered.add(leader);
        for (int id : order) if (id != leader) reordered.add(id);
        return reordered;
    }

    // ---- liveness ----

    private void heal() {
        phase = Phase.LIVENESS;
        // Slow links whose fault ended by the heal may still deliver what they held to the core: the bound counts from
        // when that is through. A slow link that lasts past the heal is a fault the core must live with: no allowance.
        long heldUntilMs = 0;
        for (int i = 0; i < schedule.faults().size(); i++) {
            if (schedule.faults().get(i) instanceof Fault.SlowLinks slow && slow.untilMs() <= schedule.healAtMs()) {
                for (int id : schedule.core()) heldUntilMs = Math.max(heldUntilMs, network.heldDeliveryMs(i, id));
            }
        }
        liveness.allowForHeldMessages(heldUntilMs - nowMs);
        links.healCore(schedule.core());
        for (int i = 0; i < faultState.length; i++) {
            // Killing every leader is a cluster-wide fault: it ends with the fault window.
            if (schedule.faults().get(i) instanceof Fault.KillLeaders) faultState[i] = null;
        }
        for (int id : schedule.core()) {
            restart(id);
            resume(id);
        }
        note("net", nowMs, nowMs, "heal", "heal core " + schedule.core());
    }

    // ---- environment for nodes and clients ----

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public int nodes() {
        return nodes.length;
    }

    @Override
    public void send(int fromMachine, int fromId, int toId, byte[] bytes) {
        network.send(fromId, toId, bytes, fromMachine, SimNode.slotOf(toId, nodes.length), nowMs, queue);
    }

    @Override
    public void scheduleTimer(int machine, int incarnation, long timerId, long atMs) {
        queue.schedule(Math.max(atMs, nowMs), new SimEvent.Timer(machine, incarnation, timerId));
    }

    @Override
    public void reply(ClientReply reply) {
        queue.schedule(nowMs + network.clientDelayMs(reply.client(), reply.attemptId(), 1), new SimEvent.Reply(reply));
    }

    /**
     * The server stopped itself after an I/O error, or the power failed inside its fsync: the process is gone. A power
     * loss tears the write in progress and the crash fault that armed it restarts the node; after an I/O error the
     * supervisor restarts it a little later, from a power-cycled disk (nothing unsynced is trusted: fsyncgate).
     */
    @Override
    public void failStopped(int node, java.io.IOException cause) {
        boolean powerLoss = cause instanceof SimDisk.PowerLoss;
        nodes[node].crash(powerLoss, crashRandom);
        crashes++;
        note("n" + node, nowMs, nowMs + (powerLoss ? 0 : FAIL_STOP_RESTART_MS), "crash",
                powerLoss ? "power loss during fsync (torn write)" : "fail-stop: " + cause.getMessage());
        if (!powerLoss) queue.schedule(nowMs + FAIL_STOP_RESTART_MS, new SimEvent.Restart(node));
    }

    @Override
    public void roleChanged(int node, NodeRole nodeRole) {
        NodeRole.Role role = nodeRole == null ? null : nodeRole.role();
        long term = nodeRole == null ? -1 : nodeRole.term();
        if (role == NodeRole.Role.LEADER) {
            leaderTerms++;
            if (phase == Phase.STABLE && schedule.core().contains(node)) stableNewLeaders++;
            for (int i = 0; i < faultState.length; i++) {
                if (faultState[i] == Boolean.TRUE && schedule.faults().get(i) instanceof Fault.KillLeaders) {
                    armKill(i, node, term);
                }
            }
        }
        if (timeline == null) return;
        String label = role == null || role == NodeRole.Role.FOLLOWER || role == NodeRole.Role.OTHER ? null
                : role == NodeRole.Role.LEADER ? "leader t" + term
                : role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " t" + term;
        closeRole(node);
        roleLabel[node] = label;
        roleSinceMs[node] = nowMs;
    }

    @Override
    public void send(int node, ClientRequest request) {
        queue.schedule(nowMs + network.clientDelayMs(request.client(), request.attemptId(), 0),
                new SimEvent.Request(node, request));
    }

    @Override
    public void scheduleTimeout(int client, long attemptId, long atMs) {
        queue.schedule(atMs, new SimEvent.ClientTimeout(client, attemptId));
    }

    @Override
    public void scheduleWake(int client, long atMs) {
        queue.schedule(Math.max(atMs, nowMs), new SimEvent.ClientWake(client));
    }

    @Override
    public HistoryRecorder history() {
        return history;
    }

    @Override
    public void noteOp(int client, long process, long invokeIndex, long invokedAtMs, String description,
                       String outcome) {
        if (timeline != null) {
            timeline.add(new Timeline.Span("c" + client, invokedAtMs, Math.min(nowMs, schedule.simMs()), outcome,
                    description, process, invokeIndex));
        }
    }

    private void note(String lane, long fromMs, long toMs, String kind, String label) {
        if (timeline != null) timeline.add(lane, fromMs, Math.min(toMs, schedule.simMs()), kind, label);
    }

    private void closeRole(int node) {
        if (roleLabel[node] != null) {
            timeline.add("n" + node, roleSinceMs[node], nowMs, roleLabel[node].startsWith("leader") ? "leader"
                    : "candidate", roleLabel[node]);
        }
        roleLabel[node] = null;
    }

    private void closeTimeline() {
        if (timeline == null) return;
        for (int i = 0; i < nodes.length; i++) closeRole(i);
        if (failure != null) {
            note("net", Math.max(0, failure.atMs() < 0 ? nowMs : failure.atMs()), Math.max(0, failure.atMs() < 0
                    ? nowMs : failure.atMs()), "failure", failure.toString());
        }
    }

    private RunStats stats(History recorded) {
        long ok = 0, fail = 0, info = 0;
        for (Op op : recorded.ops()) {
            if (op.type() == OpType.OK) ok++;
            else if (op.type() == OpType.FAIL) fail++;
            else if (op.type() == OpType.INFO) info++;
        }
        long taken = 0;
        long installed = 0;
        long snapshotChunksSent = 0;
        for (SimNode node : nodes) {
            java.util.SortedMap<String, Long> counters = node.counters();
            taken += counters.getOrDefault("snapshots-taken", 0L);
            installed += counters.getOrDefault("snapshots-installed", 0L);
            snapshotChunksSent += counters.getOrDefault("snapshot-chunks-sent", 0L);
        }
        return new RunStats(network.sentCount(), network.droppedCount(), ok, fail, info, leaderTerms, crashes, taken,
                snapshotChunksSent, installed, transfersStarted, operator.changesCommitted(), operator.replacements());
    }

}
