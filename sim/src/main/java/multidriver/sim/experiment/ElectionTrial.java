package multidriver.sim.experiment;

import java.util.Set;
import java.util.SplittableRandom;
import multidriver.core.raft.RaftConfig;

/**
 * One trial of the Figure 16 experiment (§9.3), on plain Raft: PreVote and CheckQuorum off, as the paper's Raft had
 * neither.
 * <ol>
 *   <li>Boot: one server (chosen at random) starts its clock first, the others after it has surely won, so the
 *       first leader is elected without a contest (even for 150-150).</li>
 *   <li>Different log lengths: 2-4 rounds of 1-4 proposals, each with 1-2 random followers lagging (their links
 *       pass heartbeats but not entries), so the followers that lagged last end with shorter logs and cannot win the
 *       next election (§5.4.1), though their candidacies may delay it, as in the paper's worst case.</li>
 *   <li>Crash: after the leader's next heartbeat, at a uniform point of its heartbeat interval, the leader sends one
 *       more heartbeat to every follower and crashes — the paper's "synchronized broadcast of heartbeat RPCs before
 *       terminating" (approximating a leader that replicates an entry just before it crashes), to encourage split
 *       votes.</li>
 *   <li>Measure: time from the crash until a surviving server becomes LEADER in a higher term (the paper's "time
 *       without leader"); also until a majority knows it. A trial that takes longer than the cap is timed out.</li>
 * </ol>
 */
final class ElectionTrial {
    private static final byte[] COMMAND = {1};
    /** Setup bounds: a broken setup is a bug in this driver or the core, reported loudly. */
    private static final long SETUP_LIMIT_US = 60_000_000;
    private static final int MAX_CRASH_ATTEMPTS = 1_000;

    private final TimeoutRange range;
    private final SplittableRandom random;
    private final long capUs;
    private final boolean laggingFollowers;
    private final OneWayDelay delay;
    private final long tickUs;
    private final long fsyncUs;

    /**
     * @param laggingFollowers whether followers lag in the proposal rounds (logs of different lengths)
     * @param tickUs           simulated length of one core tick; must divide 1000
     * @param fsyncUs          disk latency of a {@code mustSync} write, before its messages leave (0: none)
     */
    ElectionTrial(TimeoutRange range, long seed, long capMs, boolean laggingFollowers, OneWayDelay delay,
                  long tickUs, long fsyncUs) {
        if (tickUs < 1 || 1_000 % tickUs != 0) throw new IllegalArgumentException("tickUs must divide 1000: " + tickUs);
        this.range = range;
        this.delay = delay;
        this.tickUs = tickUs;
        this.fsyncUs = fsyncUs;
        this.random = new SplittableRandom(seed);
        this.capUs = capMs * 1_000;
        this.laggingFollowers = laggingFollowers;
    }

    TrialOutcome run(int trial) {
        // The core counts in ticks: 150-155 ms at 100 us per tick is 1500-1550 ticks, the heartbeat 750 ticks.
        int heartbeatTicks = (int) Math.max(1, range.heartbeatIntervalUs() / tickUs);
        RaftConfig config = new RaftConfig(ticks(range.minMs()), ticks(range.maxMs()), heartbeatTicks, false, false,
                64, 8, Set.of());
        TrialCluster cluster = new TrialCluster(config, delay, tickUs, fsyncUs, random, bootTimes());
        long heartbeatUs = heartbeatTicks * tickUs;

        // 1. Boot and elect a first leader; wait until it committed its no-op.
        awaitSteadyLeader(cluster, "a first leader");

        // 2. Rounds of proposals with lagging followers: logs of different lengths. With timeouts near the
        //    broadcast time (12-24 ms) leadership may change on its own; each round uses the leader of the moment.
        int rounds = 2 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            awaitSteadyLeader(cluster, "a leader for round " + round);
            int leader = cluster.leader();
            chooseLaggards(cluster, leader);
            int proposals = 1 + random.nextInt(4);
            for (int p = 0; p < proposals; p++) cluster.propose(leader, COMMAND);
            awaitSteadyLeader(cluster, "round " + round + " committed");
            cluster.runTo(cluster.nowUs() + random.nextLong(heartbeatUs));
        }

        // 3. Steady state for two election timeouts, then crash at a uniform point of a heartbeat interval.
        cluster.runTo(cluster.nowUs() + 2L * range.maxMs() * 1_000);
        long crashOffsetUs = random.nextLong(heartbeatUs);
        int leader = -1;
        for (int attempt = 0; attempt < MAX_CRASH_ATTEMPTS && leader < 0; attempt++) {
            awaitSteadyLeader(cluster, "a leader to crash");
            int candidate = cluster.leader();
            long heartbeatSeen = cluster.lastHeartbeatUs();
            require(cluster.runUntil(cluster.nowUs() + SETUP_LIMIT_US, c -> c.lastHeartbeatUs() > heartbeatSeen),
                    cluster, "a heartbeat");
            cluster.runTo(cluster.lastHeartbeatUs() + crashOffsetUs);
            // Leadership changed in the meantime (only near the broadcast time): aim at the new leader instead.
            if (cluster.leader() == candidate) leader = candidate;
        }
        require(leader >= 0, cluster, "a leader that stays leader for a heartbeat interval");
        String logLengths = logLengths(cluster, leader);
        finalHeartbeat(cluster, leader, heartbeatTicks);
        long crashTerm = cluster.node(leader).term();
        cluster.crash(leader);
        for (int i = 0; i < TrialCluster.SERVERS; i++) cluster.setLagging(i, false);
        long crashUs = cluster.nowUs();

        // 4. Time without a leader.
        cluster.watchForLeaderAbove(crashTerm);
        cluster.runUntil(crashUs + capUs, c -> c.leader() >= 0 && c.majorityFollows(c.leader()));
        long electedAt = cluster.firstLeaderAboveUs();
        int newLeader = cluster.leader();
        long majorityUs = newLeader >= 0 && cluster.majorityFollows(newLeader) ? cluster.nowUs() - crashUs : -1;
        return new TrialOutcome(trial, electedAt < 0 ? -1 : electedAt - crashUs, majorityUs,
                cluster.maxLiveTerm() - crashTerm, crashOffsetUs, logLengths);
    }

    /**
     * A random server boots first; the others start their clocks only once its longest possible timeout and a vote
     * round trip (with the candidate's and the voters' disk writes) have passed, so the boot election has a single candidate.
     */
    private long[] bootTimes() {
        long[] bootUs = new long[TrialCluster.SERVERS];
        int first = random.nextInt(TrialCluster.SERVERS);
        long othersUs = range.maxMs() * 1_000L + tickUs + 2 * delay.maxUs() + 2 * fsyncUs;
        for (int i = 0; i < bootUs.length; i++) bootUs[i] = i == first ? 0 : othersUs;
        return bootUs;
    }

    /** 1 or 2 of the leader's 4 followers lag in this round: the leader and 2 others still make a majority. */
    private void chooseLaggards(TrialCluster cluster, int leader) {
        boolean[] lagging = new boolean[TrialCluster.SERVERS];
        int laggards = laggingFollowers ? 1 + random.nextInt(2) : 0;
        for (int chosen = 0; chosen < laggards; ) {
            int server = random.nextInt(TrialCluster.SERVERS);
            if (server == leader || lagging[server]) continue;
            lagging[server] = true;
            chosen++;
        }
        for (int i = 0; i < TrialCluster.SERVERS; i++) cluster.setLagging(i, lagging[i]);
    }

    /**
     * §9.3: "to encourage split votes, our test script triggered a synchronized broadcast of heartbeat RPCs from the
     * leader before terminating its process". The core sends heartbeats only from its own tick, so the leader's clock
     * is fast-forwarded (ticked at once) until it sends them; a leader's tick has no other effect with CheckQuorum off.
     */
    private static void finalHeartbeat(TrialCluster cluster, int leader, int heartbeatTicks) {
        for (int tick = 0; tick < heartbeatTicks && cluster.lastHeartbeatUs() != cluster.nowUs(); tick++) {
            cluster.tickNow(leader);
        }
        if (cluster.lastHeartbeatUs() != cluster.nowUs()) {
            throw new IllegalStateException("leader " + leader + " sent no heartbeat after " + heartbeatTicks + " ticks");
        }
    }

    private int ticks(int ms) {
        return Math.toIntExact(ms * 1_000L / tickUs);
    }

    /** Runs until there is a leader whose log is all committed. */
    private void awaitSteadyLeader(TrialCluster cluster, String what) {
        require(cluster.runUntil(cluster.nowUs() + SETUP_LIMIT_US, ElectionTrial::leaderCaughtUp), cluster, what);
    }

    private static boolean leaderCaughtUp(TrialCluster c) {
        int l = c.leader();
        return l >= 0 && c.node(l).commitIndex() == c.node(l).lastLogIndex();
    }

    private static String logLengths(TrialCluster cluster, int leader) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < TrialCluster.SERVERS; i++) {
            if (i > 0) s.append(' ');
            s.append(cluster.node(i).lastLogIndex());
            if (i == leader) s.append('L');
        }
        return s.toString();
    }

    private void require(boolean reached, TrialCluster cluster, String what) {
        if (!reached) {
            throw new IllegalStateException("trial setup for " + range.label() + " did not reach " + what + ": "
                    + describe(cluster));
        }
    }

    private static String describe(TrialCluster cluster) {
        StringBuilder s = new StringBuilder("at " + cluster.nowUs() + "us");
        for (int i = 0; i < TrialCluster.SERVERS; i++) s.append(' ').append(cluster.node(i));
        return s.toString();
    }
}
