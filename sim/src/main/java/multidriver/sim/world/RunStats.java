package multidriver.sim.world;

/** Counters of one run, for summaries and the benchmark. */
public record RunStats(long messagesSent, long messagesDropped, long opsOk, long opsFail, long opsInfo,
                       long leaderTerms, long crashes, long snapshotsTaken, long snapshotChunksSent,
                       long snapshotsInstalled, long transfersStarted, long membershipChanges,
                       long machinesReplaced) {
}
