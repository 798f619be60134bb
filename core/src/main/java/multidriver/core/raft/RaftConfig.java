package multidriver.core.raft;

import java.util.EnumSet;
import java.util.Set;

/**
 * Static configuration of one Raft server. All durations are in ticks: the driver decides how long a tick is.
 *
 * @param electionTimeoutMinTicks lower bound of the randomized election timeout (§5.2)
 * @param electionTimeoutMaxTicks upper bound (inclusive) of the randomized election timeout
 * @param heartbeatIntervalTicks  how often a leader sends heartbeats; must be well below the election timeout
 * @param preVote                 run a PreVote round before incrementing the term (thesis §9.6)
 * @param checkQuorum             a leader steps down when it has not heard from a quorum for an election timeout
 * @param maxEntriesPerAppend     batch size bound of one AppendEntries
 * @param maxInflightAppends      per-follower bound of unacknowledged AppendEntries (pipelining window)
 * @param bugs                    deliberate deviations for simulator self-tests; empty in any real use
 * @param retainedLogBytes        when the log is compacted after a snapshot (§7), a leader keeps the entries its
 *                                followers have not acknowledged yet, up to this many bytes of entry data, so that a
 *                                follower a little behind catches up with AppendEntries instead of a whole snapshot;
 *                                one further behind gets the snapshot (0: compact everything the snapshot covers)
 */
public record RaftConfig(
        int electionTimeoutMinTicks,
        int electionTimeoutMaxTicks,
        int heartbeatIntervalTicks,
        boolean preVote,
        boolean checkQuorum,
        int maxEntriesPerAppend,
        int maxInflightAppends,
        Set<DeliberateBug> bugs,
        long retainedLogBytes) {

    public RaftConfig {
        if (electionTimeoutMinTicks < 2) {
            throw new IllegalArgumentException("electionTimeoutMinTicks must be >= 2, got " + electionTimeoutMinTicks);
        }
        if (electionTimeoutMaxTicks < electionTimeoutMinTicks) {
            throw new IllegalArgumentException("electionTimeoutMaxTicks (" + electionTimeoutMaxTicks
                    + ") must be >= electionTimeoutMinTicks (" + electionTimeoutMinTicks + ")");
        }
        if (heartbeatIntervalTicks < 1 || heartbeatIntervalTicks >= electionTimeoutMinTicks) {
            throw new IllegalArgumentException("heartbeatIntervalTicks must be in [1, electionTimeoutMinTicks), got "
                    + heartbeatIntervalTicks);
        }
        if (maxEntriesPerAppend < 1) throw new IllegalArgumentException("maxEntriesPerAppend must be >= 1");
        if (maxInflightAppends < 1) throw new IllegalArgumentException("maxInflightAppends must be >= 1");
        if (retainedLogBytes < 0) throw new IllegalArgumentException("retainedLogBytes must be >= 0");
        bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
    }

    /** Without retained entries: compaction drops everything the snapshot covers. */
    public RaftConfig(int electionTimeoutMinTicks, int electionTimeoutMaxTicks, int heartbeatIntervalTicks,
                      boolean preVote, boolean checkQuorum, int maxEntriesPerAppend, int maxInflightAppends,
                      Set<DeliberateBug> bugs) {
        this(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatIntervalTicks, preVote, checkQuorum,
                maxEntriesPerAppend, maxInflightAppends, bugs, 0);
    }

    /** 10-20 ticks election timeout, heartbeat every 2 ticks, PreVote and CheckQuorum on, no retained entries. */
    public static RaftConfig defaults() {
        return new RaftConfig(10, 20, 2, true, true, 64, 8, Set.of());
    }

    public RaftConfig withElectionTimeoutTicks(int minTicks, int maxTicks) {
        return new RaftConfig(minTicks, maxTicks, heartbeatIntervalTicks, preVote, checkQuorum, maxEntriesPerAppend,
                maxInflightAppends, bugs, retainedLogBytes);
    }

    public RaftConfig withHeartbeatIntervalTicks(int ticks) {
        return new RaftConfig(electionTimeoutMinTicks, electionTimeoutMaxTicks, ticks, preVote, checkQuorum,
                maxEntriesPerAppend, maxInflightAppends, bugs, retainedLogBytes);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatIntervalTicks, on, checkQuorum,
                maxEntriesPerAppend, maxInflightAppends, bugs, retainedLogBytes);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatIntervalTicks, preVote, on,
                maxEntriesPerAppend, maxInflightAppends, bugs, retainedLogBytes);
    }

    public RaftConfig withBugs(Set<DeliberateBug> newBugs) {
        return new RaftConfig(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatIntervalTicks, preVote,
                checkQuorum, maxEntriesPerAppend, maxInflightAppends, newBugs, retainedLogBytes);
    }

    public RaftConfig withRetainedLogBytes(long bytes) {
        return new RaftConfig(electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatIntervalTicks, preVote,
                checkQuorum, maxEntriesPerAppend, maxInflightAppends, bugs, bytes);
    }

    public boolean has(DeliberateBug bug) {
        return bugs.contains(bug);
    }
}
