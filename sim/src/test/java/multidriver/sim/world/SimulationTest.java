package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import multidriver.check.search.Outcome;
import multidriver.sim.fault.Fault;
import multidriver.sim.fault.FaultKind;
import multidriver.sim.fault.PartitionShape;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static Schedule calm(long seed, int nodes, long simMs) {
        return new ScheduleGenerator(nodes, simMs, EnumSet.noneOf(FaultKind.class), Set.of()).generate(seed);
    }

    @Test
    void aFaultFreeClusterServesEveryClientLinearizably() {
        ScheduleResult result = Simulation.run(calm(42, 5, 3_000), RunOptions.campaign());
        assertNull(result.failure(), () -> "unexpected failure: " + result.failure());
        assertEquals(Outcome.VALID, result.linearizable());
        assertTrue(result.stats().opsOk() > 100, "clients got answers: " + result.stats());
        // Only operations still open when the run ends are indeterminate: at most one per client.
        assertTrue(result.stats().opsInfo() <= result.schedule().clients(), "no timeouts without faults: "
                + result.stats());
    }

    @Test
    void theSameScheduleGivesTheSameTraceAndAnotherSeedAnotherTrace() {
        Schedule schedule = new ScheduleGenerator(5, 3_000, EnumSet.allOf(FaultKind.class), Set.of()).generate(7);
        ScheduleResult first = Simulation.run(schedule, RunOptions.campaign().withTrace());
        ScheduleResult second = Simulation.run(schedule, RunOptions.campaign().withTrace());
        assertEquals(first.traceHash(), second.traceHash());
        assertEquals(first.events(), second.events());
        assertEquals(-1, TraceHash.firstDivergence(first.trace(), second.trace()));
        Schedule other = new ScheduleGenerator(5, 3_000, EnumSet.allOf(FaultKind.class), Set.of()).generate(8);
        assertNotEquals(first.traceHash(), Simulation.run(other, RunOptions.campaign()).traceHash());
    }

    @Test
    void aMinorityPartitionOfTheLeaderIsSurvivedAndHealed() {
        Schedule base = calm(3, 5, 4_000);
        Schedule partitioned = base.withFaults(List.of(
                new Fault.Partition(PartitionShape.ISOLATE_LEADER, List.of(0, 1, 2, 3, 4), 500, 1_500),
                new Fault.Crash(List.of(), 1_800, 2_100, false),
                new Fault.Pause(-1, 2_300, 2_700, true)));
        ScheduleResult result = Simulation.run(partitioned, RunOptions.campaign().withTimeline());
        assertNull(result.failure(), () -> "unexpected failure: " + result.failure());
        assertTrue(result.stats().leaderTerms() >= 2, "the isolated leader was replaced: " + result.stats());
        assertTrue(result.timeline().spans().stream().anyMatch(s -> s.kind().equals("partition")));
    }

    /** Thesis §3.10 under the simulator: transfers hand leadership over, and a target that crashes costs no safety. */
    @Test
    void leadershipTransfersIncludingToATargetThatCrashes() {
        Schedule base = calm(5, 4, 4_000);
        Schedule transfers = base.withFaults(List.of(
                new Fault.Transfer(0, 600, 700, false),
                new Fault.Transfer(1, 1_200, 1_800, true),
                new Fault.Transfer(2, 2_200, 2_300, false)));
        ScheduleResult result = Simulation.run(transfers, RunOptions.campaign().withTimeline());
        assertNull(result.failure(), () -> "unexpected failure: " + result.failure());
        assertTrue(result.stats().transfersStarted() >= 2, "transfers started: " + result.stats());
        assertTrue(result.stats().leaderTerms() >= 3, "leadership moved: " + result.stats());
        assertTrue(result.timeline().spans().stream().anyMatch(s -> s.label().startsWith("crash (transfer target)")));
    }

    /**
     * Thesis §4 under the simulator: the operator removes two members and replaces their machines (they rejoin empty,
     * as new servers, and catch up), then removes and re-adds another, with a leader crash in between. Safety holds
     * throughout, and the cluster ends with five voters that converged.
     */
    @Test
    void membershipChangesAndReplacedMachinesUnderACrash() {
        Schedule base = calm(6, 5, 5_000);
        Schedule changes = base.withFaults(List.of(
                new Fault.MembershipChange(0, true, true, 2, 500, 900),
                new Fault.Crash(List.of(), 1_200, 1_500, false),
                new Fault.MembershipChange(3, false, false, 1, 2_500, 2_800)));
        ScheduleResult result = Simulation.run(changes, RunOptions.campaign().withTimeline());
        assertNull(result.failure(), () -> "unexpected failure: " + result.failure());
        assertEquals(2, result.stats().machinesReplaced(), result.stats().toString());
        assertTrue(result.stats().membershipChanges() >= 9, "3 removals, 3 learners, 3 promotions: " + result.stats());
        assertEquals(3, result.timeline().spans().stream().filter(sp -> sp.label().endsWith("is a voter again")).count());
    }

    /** A leader that ignores its own removal (§4.2.2) is caught as soon as the change commits. */
    @Test
    void aRemovedLeaderThatKeepsLeadingIsCaught() {
        boolean caught = false;
        for (long seed = 1; seed <= 10 && !caught; seed++) {
            Schedule base = new ScheduleGenerator(5, 3_000, EnumSet.noneOf(FaultKind.class),
                    Set.of(SimBug.REMOVE_WITHOUT_STEPDOWN)).generate(seed);
            ScheduleResult result = Simulation.run(base.withFaults(List.of(
                    new Fault.MembershipChange(0, true, false, 1, 500, 900))), RunOptions.campaign());
            caught = result.failed() && result.failure().toString().contains("removed leader still leads");
        }
        assertTrue(caught, "a leader outside the core removes itself in some of ten schedules");
    }

    /** Whole-cluster power losses at several instants; every other one strikes inside each node's next fsync. */
    private static long failingPowerLosses(Set<SimBug> bugs) {
        // A 6 s schedule heals at 3 s: every power loss below lies in the fault phase, as in generated schedules.
        Schedule base = new ScheduleGenerator(5, 6_000, EnumSet.noneOf(FaultKind.class), bugs).generate(5);
        long failed = 0;
        for (long atMs = 1_000; atMs < 2_000; atMs += 7) {
            Schedule powerLoss = base.withFaults(List.of(new Fault.Crash(List.of(0, 1, 2, 3, 4), atMs, atMs + 150,
                    atMs % 2 == 0)));
            ScheduleResult result = Simulation.run(powerLoss, RunOptions.campaign());
            if (result.failed()) failed++;
        }
        return failed;
    }

    @Test
    void powerLossesOfTheWholeClusterLoseNothingAcknowledged() {
        assertEquals(0, failingPowerLosses(Set.of()));
    }

    @Test
    void powerLossesOfTheWholeClusterLoseAcknowledgedEntriesWhenAcksPrecedeFsync() {
        long failed = failingPowerLosses(Set.of(SimBug.ACK_BEFORE_FSYNC));
        assertTrue(failed > 0, "the checks must notice lost entries");
    }

    @Test
    void powerLossesOfTheWholeClusterLoseAcknowledgedEntriesWhenFsyncIsSkipped() {
        assertTrue(failingPowerLosses(Set.of(SimBug.SKIP_FSYNC)) > 0, "the checks must notice lost entries");
    }

    @Test
    void aMajoritiesRingThatOutlivesTheHealStillLetsTheHealedCoreMakeProgress() {
        Schedule base = calm(9, 5, 3_000);
        Schedule ring = base.withFaults(List.of(new Fault.Partition(PartitionShape.MAJORITIES_RING,
                List.of(0, 1, 2, 3, 4), 100, 2_900)));
        ScheduleResult result = Simulation.run(ring, RunOptions.campaign());
        assertNull(result.failure(), () -> "the healed core must make progress: " + result.failure());
    }

    @Test
    void livenessFailsWhenTheBoundIsTooShortToFinishAnOperation() {
        Schedule base = calm(9, 5, 3_000);
        Schedule impatient = new Schedule(base.seed(), base.nodes(), base.clients(), base.simMs(), 2_000, base.core(),
                2, base.bugs(), base.profile(), base.faults(), base.ops());
        ScheduleResult result = Simulation.run(impatient, RunOptions.campaign());
        assertTrue(result.failed());
        assertEquals(Failure.Kind.LIVENESS, result.failure().kind());
    }

    @Test
    void aRestartedNodesClockResumesAtItsUsualRateInsteadOfReplayingMissedTicks() {
        Schedule base = calm(11, 3, 3_000);
        Schedule crash = base.withFaults(List.of(new Fault.Crash(List.of(2), 200, 1_200, false)));
        ScheduleResult result = Simulation.run(crash, RunOptions.campaign().withTrace());
        long ticksAfterRestart = 0;
        for (long i = 0; i < result.events(); i++) {
            String step = result.trace().describe(i);
            long atMs = Long.parseLong(step.substring(0, step.indexOf("ms")));
            if (atMs >= 1_200 && atMs < 1_400 && step.contains("Timer[node=2,")) ticksAfterRestart++;
        }
        // 200 ms at one tick per ~10 ms (drift off in a calm schedule): about 20, not a burst of the 100 missed.
        assertTrue(ticksAfterRestart >= 18 && ticksAfterRestart <= 21, "ticks in 200 ms: " + ticksAfterRestart);
    }

    @Test
    void everyLeaderElectedInAKillLeadersWindowIsKilled() {
        Schedule base = calm(12, 5, 4_000);
        // The leader of the moment is spared; crashing it makes the cluster elect new ones inside the window.
        Schedule kills = base.withFaults(List.of(new Fault.KillLeaders(500, 1_500, 5, 100),
                new Fault.Crash(List.of(), 600, 700, false)));
        ScheduleResult result = Simulation.run(kills, RunOptions.campaign().withTimeline());
        assertNull(result.failure(), () -> "unexpected failure: " + result.failure());
        long killed = result.timeline().spans().stream().filter(s -> s.label().startsWith("killed as leader")).count();
        assertTrue(killed >= 2, "leaders elected during the window were killed: " + killed);
        assertTrue(result.timeline().spans().stream().filter(s -> s.label().startsWith("killed as leader"))
                .allMatch(s -> s.fromMs() >= 500 && s.fromMs() <= 1_505), "kills only inside the window");
    }

    /**
     * Each deliberate bug is caught early in seed 1's campaign: within 150 schedules, except two rare ones whose
     * horizon follows their measured rate: leader-counts-unsynced within 560 (it needs the leader to lose its copy
     * while the only other copy is outvoted: 0.6-0.9 % of schedules, first at 510; its find at 386 before went through the
     * WAL's own bug, a misdirected write over a segment's salt truncated as a torn tail, since fixed) and match-by-index within 260 (a client's entry overwritten at the same index by a new leader: about
     * 2.5 %, first at 208) and ack-before-fsync within 260 (1.3 %, first at 197 once snapshots joined the swarm).
     * Deterministic (seed 1), so a code change that moves them shows here. accept-corrupt-record needs a bit
     * flip on a node that then leads: the 1000-schedule campaign finds it a few times, and WalOnSimDiskProperties
     * shows its effect directly.
     */
    @Test
    void everyDeliberateBugIsCaughtEarlyInTheDefaultCampaign() {
        for (SimBug bug : SimBug.values()) {
            if (bug == SimBug.ACCEPT_CORRUPT_RECORD) continue;
            int horizon = switch (bug) {
                case LEADER_COUNTS_UNSYNCED -> 560;
                case MATCH_BY_INDEX, ACK_BEFORE_FSYNC -> 260;
                default -> 150;
            };
            ScheduleGenerator generator = new ScheduleGenerator(5, 10_000, EnumSet.allOf(FaultKind.class), Set.of(bug));
            java.util.SplittableRandom root = new java.util.SplittableRandom(1);
            boolean found = false;
            for (int i = 0; i < horizon && !found; i++) {
                found = Simulation.run(generator.generate(root.split().nextLong()), RunOptions.campaign()).failed();
            }
            assertTrue(found, bug + " not caught in " + horizon + " schedules");
        }
    }

    /**
     * A slow link held messages back until its fault ended at the heal, and they kept arriving for 747 ms after it:
     * a follower still hearing the paused old leader's heartbeats refused PreVotes, and the only quorum waited. The
     * liveness bound counts from when the network carries the present again (this schedule failed liveness before).
     */
    @Test
    void theLivenessBoundCountsFromWhenSlowLinksHaveDeliveredWhatTheyHeld() {
        Schedule s = new ScheduleGenerator(5, 3_000, EnumSet.allOf(FaultKind.class), Set.of()).generate(-10900054L);
        assertTrue(s.faults().stream().anyMatch(f -> f instanceof Fault.SlowLinks)
                && s.faults().stream().anyMatch(f -> f instanceof Fault.Pause), "the story's two ingredients");
        ScheduleResult r = Simulation.run(s, RunOptions.campaign());
        assertNull(r.failure(), () -> "" + r.failure());
    }
}
