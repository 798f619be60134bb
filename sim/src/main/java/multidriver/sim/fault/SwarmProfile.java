package multidriver.sim.fault;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fault parameters one schedule draws (swarm testing: each schedule turns a random subset of faults on, with
 * random intensities, so that rare combinations get a fair chance). Printed with every failing schedule and saved
 * in its reproducer: together with the explicit fault and operation lists they define the run.
 *
 * @param enabled              fault kinds this schedule uses (a subset of the campaign's {@code --faults})
 * @param baseDelayMs          minimum one-way message delay
 * @param jitterMeanMs         mean of the exponential extra delay on top of {@code baseDelayMs}
 * @param dropProbability      chance a message is lost
 * @param duplicateProbability chance a message is delivered twice
 * @param reorderProbability   chance a message is held back long enough to overtake later ones
 * @param tickPeriodMs         per-node tick period: 10 ms scaled by that node's clock drift
 * @param tornWriteProbability chance a crash tears the first unsynced write instead of losing it whole
 * @param maxEntriesPerAppend  Raft batching bound for this schedule (1 exposes per-entry commit races)
 * @param maxInflightAppends   Raft pipelining window for this schedule
 * @param preVote              Raft runs PreVote (thesis §9.6); off is the plain protocol of the paper
 * @param checkQuorum          leaders step down without a quorum, followers honour leader leases; off is plain Raft
 * @param maxSessions          the server's session table bound; a small one evicts sessions (thesis §6.3)
 * @param snapshotEveryEntries with {@link FaultKind#SNAPSHOT} enabled: servers snapshot every this many entries
 */
public record SwarmProfile(Set<FaultKind> enabled, int baseDelayMs, double jitterMeanMs, double dropProbability,
                           double duplicateProbability, double reorderProbability, List<Double> tickPeriodMs,
                           double tornWriteProbability, int maxEntriesPerAppend, int maxInflightAppends,
                           boolean preVote, boolean checkQuorum, int maxSessions, int snapshotEveryEntries) {
    public SwarmProfile {
        // EnumSet: iteration (and so printing and JSON) in declaration order, the same in every run.
        enabled = enabled.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(enabled));
        tickPeriodMs = List.copyOf(tickPeriodMs);
        checkProbability("dropProbability", dropProbability);
        checkProbability("duplicateProbability", duplicateProbability);
        checkProbability("reorderProbability", reorderProbability);
        checkProbability("tornWriteProbability", tornWriteProbability);
        if (baseDelayMs < 0 || jitterMeanMs < 0) throw new IllegalArgumentException("delays must be >= 0");
        if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
        if (snapshotEveryEntries < 1) throw new IllegalArgumentException("snapshotEveryEntries must be >= 1");
        for (double period : tickPeriodMs) {
            if (period < 1) throw new IllegalArgumentException("tick period must be >= 1 ms, got " + period);
        }
    }

    public boolean has(FaultKind kind) {
        return enabled.contains(kind);
    }

    /** One line for people, e.g. {@code faults=[crash, drop] delay=2+exp(3.1)ms drop=0.020 ...}. */
    public String describe() {
        TreeSet<String> names = new TreeSet<>();
        for (FaultKind kind : enabled) names.add(kind.cliName());
        StringBuilder ticks = new StringBuilder();
        for (double period : tickPeriodMs) ticks.append(ticks.length() == 0 ? "" : "/").append(String.format("%.2f", period));
        return String.format("faults=%s delay=%d+exp(%.1f)ms drop=%.3f dup=%.3f reorder=%.3f tick=%sms torn=%.2f "
                        + "batch=%d inflight=%d preVote=%s checkQuorum=%s sessions=%d%s", names, baseDelayMs, jitterMeanMs,
                dropProbability, duplicateProbability, reorderProbability, ticks, tornWriteProbability,
                maxEntriesPerAppend, maxInflightAppends, preVote, checkQuorum, maxSessions,
                has(FaultKind.SNAPSHOT) ? " snapshotEvery=" + snapshotEveryEntries + " retain=" + retainedLogBytes()
                        + "B" : "");
    }

    /**
     * The bytes of entries a leader keeps past its snapshot for slow followers ({@code RaftConfig.retainedLogBytes}):
     * with snapshots on, half the schedules keep none (every lagging follower needs InstallSnapshot, where the
     * snapshot bugs hide), a quarter keep 512 bytes (a few entries: the cut between catching up by entries and by
     * snapshot moves under the faults), a quarter 1 MiB (nearly always entries). Chosen by
     * {@code snapshotEveryEntries} rather than a draw of its own, so a saved profile needs no new field.
     */
    public long retainedLogBytes() {
        if (!has(FaultKind.SNAPSHOT)) return 0;
        return switch (snapshotEveryEntries % 4) {
            case 2 -> 512;
            case 3 -> 1 << 20;
            default -> 0;
        };
    }

    /** Entries between snapshots the servers take, 0 when snapshots are off in this schedule. */
    public long snapshotInterval() {
        return has(FaultKind.SNAPSHOT) ? snapshotEveryEntries : 0;
    }

    /** The same profile with one network behaviour (drop, duplicate, reorder, drift) off, for shrinking. */
    public SwarmProfile without(FaultKind kind) {
        java.util.EnumSet<FaultKind> fewer = enabled.isEmpty() ? java.util.EnumSet.noneOf(FaultKind.class)
                : java.util.EnumSet.copyOf(enabled);
        fewer.remove(kind);
        List<Double> ticks = tickPeriodMs;
        if (kind == FaultKind.DRIFT) ticks = java.util.Collections.nCopies(tickPeriodMs.size(), 10.0);
        return new SwarmProfile(fewer, baseDelayMs, jitterMeanMs, dropProbability, duplicateProbability,
                reorderProbability, ticks, tornWriteProbability, maxEntriesPerAppend, maxInflightAppends, preVote,
                checkQuorum, maxSessions, snapshotEveryEntries);
    }

    /** The same profile with a fixed delay (no exponential jitter), for shrinking. */
    public SwarmProfile withoutJitter() {
        return new SwarmProfile(enabled, baseDelayMs, 0, dropProbability, duplicateProbability, reorderProbability,
                tickPeriodMs, tornWriteProbability, maxEntriesPerAppend, maxInflightAppends, preVote, checkQuorum,
                maxSessions, snapshotEveryEntries);
    }

    /** The same profile with snapshots every {@code entries} entries, for shrinking (a shorter log reaches one). */
    public SwarmProfile withSnapshotEvery(int entries) {
        return new SwarmProfile(enabled, baseDelayMs, jitterMeanMs, dropProbability, duplicateProbability,
                reorderProbability, tickPeriodMs, tornWriteProbability, maxEntriesPerAppend, maxInflightAppends,
                preVote, checkQuorum, maxSessions, entries);
    }

    /** The same profile for a cluster of {@code nodes} servers (shrinking drops the last nodes). */
    public SwarmProfile restrictedTo(int nodes) {
        return new SwarmProfile(enabled, baseDelayMs, jitterMeanMs, dropProbability, duplicateProbability,
                reorderProbability, tickPeriodMs.subList(0, nodes), tornWriteProbability, maxEntriesPerAppend,
                maxInflightAppends, preVote, checkQuorum, maxSessions, snapshotEveryEntries);
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
}
