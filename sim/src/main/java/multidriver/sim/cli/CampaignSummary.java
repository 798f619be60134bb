package multidriver.sim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.check.search.Outcome;

/** Totals of a campaign, as printed and as written to {@code summary.json} / the {@code --json} line. */
final class CampaignSummary {
    long rootSeed;
    int schedules;
    int violations;
    long traceHash;
    long wallMs;
    long simulatedMs;
    long events;
    long searchSteps;
    long valid;
    long invalid;
    long unknown;
    long notChecked;
    long determinismProblems;
    String reproducer;
    String reportDir;
    int exitCode;
    long firstFailureIndex = -1;
    String firstFailure;
    Map<String, Long> failureKinds = new LinkedHashMap<>();
    multidriver.sim.disk.DiskFaultCounters diskFaults = new multidriver.sim.disk.DiskFaultCounters();
    long snapshotsTaken;
    long snapshotChunksSent;
    long snapshotsInstalled;
    long transfersStarted;
    long membershipChanges;
    long machinesReplaced;

    static CampaignSummary of(long rootSeed, List<ScheduleOutcome> outcomes, long wallMs) {
        CampaignSummary s = new CampaignSummary();
        s.rootSeed = rootSeed;
        s.schedules = outcomes.size();
        s.wallMs = wallMs;
        s.traceHash = Campaign.combinedTraceHash(outcomes);
        for (ScheduleOutcome o : outcomes) {
            s.events += o.events();
            s.simulatedMs += o.simulatedMs();
            s.searchSteps += o.searchSteps();
            s.diskFaults.add(o.diskFaults());
            if (o.stats() != null) {
                s.snapshotsTaken += o.stats().snapshotsTaken();
                s.snapshotChunksSent += o.stats().snapshotChunksSent();
                s.snapshotsInstalled += o.stats().snapshotsInstalled();
                s.transfersStarted += o.stats().transfersStarted();
                s.membershipChanges += o.stats().membershipChanges();
                s.machinesReplaced += o.stats().machinesReplaced();
            }
            if (o.determinismProblem() != null) s.determinismProblems++;
            if (o.failure() != null) {
                s.violations++;
                s.failureKinds.merge(o.failure().kind().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                if (s.firstFailureIndex < 0) {
                    s.firstFailureIndex = o.index();
                    s.firstFailure = o.failure().toString();
                }
            }
            if (o.linearizable() == null) {
                if (o.failure() == null || o.failure().kind() != multidriver.sim.world.Failure.Kind.LINEARIZABILITY) {
                    s.notChecked++;
                } else {
                    s.invalid++;
                }
            } else if (o.linearizable() == Outcome.VALID) {
                s.valid++;
            } else if (o.linearizable() == Outcome.INVALID) {
                s.invalid++;
            } else {
                s.unknown++;
            }
        }
        s.exitCode = s.violations > 0 ? 1 : s.unknown > 0 || s.determinismProblems > 0 ? 2 : 0;
        return s;
    }

    double schedulesPerSecond() {
        return wallMs == 0 ? schedules * 1000.0 : schedules * 1000.0 / wallMs;
    }

    double simTimeRatio() {
        return wallMs == 0 ? 0 : (double) simulatedMs / wallMs;
    }

    Map<String, Object> toMap(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", rootSeed);
        m.put("schedules", schedules);
        m.put("violations", violations);
        m.put("traceHash", String.format("%016x", traceHash));
        m.put("wallMs", wallMs);
        m.put("simulatedMs", simulatedMs);
        m.put("events", events);
        m.put("schedulesPerSecond", Math.round(schedulesPerSecond() * 10) / 10.0);
        m.put("simTimeRatio", Math.round(simTimeRatio() * 10) / 10.0);
        Map<String, Object> lin = new LinkedHashMap<>();
        lin.put("valid", valid);
        lin.put("invalid", invalid);
        lin.put("unknown", unknown);
        lin.put("notChecked", notChecked);
        m.put("linearizable", lin);
        m.put("searchSteps", searchSteps);
        m.put("failureKinds", failureKinds);
        m.put("diskFaults", diskFaults.toMap());
        m.put("snapshots", java.util.Map.of("taken", snapshotsTaken, "chunksSent", snapshotChunksSent,
                "installedFromLeader", snapshotsInstalled));
        m.put("leadershipTransfersStarted", transfersStarted);
        m.put("membershipChangesCommitted", membershipChanges);
        m.put("machinesReplaced", machinesReplaced);
        m.put("firstFailureIndex", firstFailureIndex < 0 ? null : firstFailureIndex);
        m.put("firstFailure", firstFailure);
        m.put("determinismProblems", determinismProblems);
        m.put("reproducer", reproducer);
        m.put("reportDir", reportDir);
        m.putAll(extra);
        m.put("exitCode", exitCode);
        return m;
    }
}
