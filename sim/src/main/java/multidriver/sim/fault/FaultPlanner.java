package multidriver.sim.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws a schedule's swarm profile and its explicit fault list from the campaign's allowed fault kinds. Swarm
 * testing (Groce et al.): each schedule enables only a random subset of the kinds, each with random intensity,
 * because a fault that is always on masks others (with drops everywhere, nothing ever gets far enough to crash
 * at the worst moment). Faults start inside the fault window {@code [0, windowMs)}; their ends may lie past it.
 */
public final class FaultPlanner {
    private static final double TICK_MS = 10.0;
    private static final double MAX_DRIFT = 0.05;

    private final Set<FaultKind> allowed;

    public FaultPlanner(Set<FaultKind> allowed) {
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(allowed);
    }

    public SwarmProfile drawProfile(SplittableRandom random, int nodes) {
        EnumSet<FaultKind> enabled = EnumSet.noneOf(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            if (allowed.contains(kind) && random.nextInt(100) < 60) enabled.add(kind);
        }
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            double drift = enabled.contains(FaultKind.DRIFT) ? (random.nextDouble() * 2 - 1) * MAX_DRIFT : 0;
            ticks.add(TICK_MS * (1 + drift));
        }
        int[] batches = {1, 4, 64};
        int[] inflight = {1, 4, 8};
        return new SwarmProfile(enabled,
                1 + random.nextInt(4),
                random.nextDouble() * 8,
                random.nextDouble() * 0.10,
                random.nextDouble() * 0.05,
                random.nextDouble() * 0.10,
                ticks,
                random.nextDouble(),
                batches[random.nextInt(batches.length)],
                inflight[random.nextInt(inflight.length)],
                random.nextInt(4) != 0,
                random.nextInt(4) != 0,
                // A table smaller than the clients makes sessions get evicted, and exactly-once must survive that.
                random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 10_000,
                // Often enough that followers fall behind a snapshot and need InstallSnapshot under the faults.
                3 + random.nextInt(40));
    }

    /**
     * Faults for a cluster of {@code nodes}, starting in [0, windowMs), sorted by start time. Damage to durable disk
     * bytes strikes only nodes outside the liveness {@code core}: a node whose WAL is corrupt refuses to start until
     * an operator replaces it, so it is a fault that lasts, and the core must not need it.
     */
    public List<Fault> drawFaults(SplittableRandom random, SwarmProfile profile, int nodes, long windowMs,
                                  List<Integer> core) {
        List<Fault> faults = new ArrayList<>();
        double seconds = windowMs / 1000.0;
        if (profile.has(FaultKind.PARTITION)) {
            int count = count(random, seconds, 1.5);
            PartitionShape[] shapes = PartitionShape.values();
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.Partition(shapes[random.nextInt(shapes.length)], permutation(random, nodes), at,
                        at + duration(random, 100, 2_000)));
            }
        }
        if (profile.has(FaultKind.CRASH)) {
            int count = count(random, seconds, 1.5);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                List<Integer> target = random.nextInt(100) < 40 ? List.of() : List.of(random.nextInt(nodes));
                faults.add(new Fault.Crash(target, at, at + duration(random, 20, 1_500), torn(random, profile)));
            }
        }
        if (profile.has(FaultKind.CRASH) && random.nextBoolean()) {
            // Leader churn: kill whoever leads, again and again, each soon after the previous restart. Logs diverge
            // in the ways of the Raft paper's Figure 8 (entries of several terms on different minorities), which is
            // where committing by counting old-term replicas (§5.4.2) goes wrong.
            long at = random.nextLong(windowMs);
            int crashes = 3 + random.nextInt(10);
            for (int i = 0; i < crashes && at < windowMs; i++) {
                faults.add(new Fault.Crash(List.of(), at, at + duration(random, 30, 600), torn(random, profile)));
                at += duration(random, 60, 500);
            }
        }
        if (profile.has(FaultKind.KILL_LEADERS)) {
            int count = count(random, seconds, 0.3);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                // Short delays matter most: a leader killed before its first appends land leaves its term's
                // entries on itself alone.
                faults.add(new Fault.KillLeaders(at, at + duration(random, 200, 3_000), duration(random, 1, 60),
                        duration(random, 10, 400)));
            }
        }
        if (profile.has(FaultKind.KILL_LEADERS) && random.nextBoolean()) {
            faults.addAll(figure8Storm(random, nodes, windowMs));
        }
        if (profile.has(FaultKind.TRANSFER)) {
            int count = count(random, seconds, 1.0);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.Transfer(random.nextInt(8), at, at + duration(random, 20, 800),
                        random.nextInt(100) < 30));
            }
        }
        if (profile.has(FaultKind.MEMBERSHIP)) {
            int count = count(random, seconds, 0.6);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.MembershipChange(random.nextInt(8), random.nextInt(100) < 35, random.nextBoolean(),
                        1 + random.nextInt(2), at, at + duration(random, 50, 1_500)));
            }
        }
        if (profile.has(FaultKind.POWER_LOSS)) {
            int count = count(random, seconds, 0.5);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                // Power loss of a majority or of everyone at one instant: only fsync'ed state survives.
                int size = random.nextBoolean() ? nodes : nodes / 2 + 1;
                List<Integer> victims = permutation(random, nodes).subList(0, size).stream().sorted().toList();
                faults.add(new Fault.Crash(victims, at, at + duration(random, 10, 500), torn(random, profile)));
            }
        }
        if (profile.has(FaultKind.PAUSE)) {
            int count = count(random, seconds, 1.0);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                int node = random.nextInt(100) < 50 ? -1 : random.nextInt(nodes);
                faults.add(new Fault.Pause(node, at, at + duration(random, 50, 1_000), random.nextBoolean()));
            }
        }
        if (profile.has(FaultKind.SLOW_LINK)) {
            int count = count(random, seconds, 0.5);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.SlowLinks(random.nextInt(nodes), at, at + duration(random, 100, 2_000),
                        duration(random, 300, 3_000)));
            }
        }
        faults.addAll(diskFaults(random, profile, nodes, windowMs, core));
        // Faults of the fault phase end by the heal; what outlasts it is drawn on purpose below.
        List<Fault> clipped = new ArrayList<>();
        for (Fault f : faults) clipped.add(f instanceof Fault.Disk d && d.corrupts() ? f : f.endingBy(windowMs));
        if (profile.has(FaultKind.LASTING)) clipped.addAll(lastingFaults(random, profile, nodes, windowMs, core));
        clipped.sort(Comparator.comparingLong(Fault::atMs));
        return clipped;
    }

    /**
     * Faults that outlast the heal (TigerBeetle's VOPR keeps part of the cluster broken during liveness checks): a
     * node outside the core stays crashed, paused, cut off or slow until the convergence phase heals everything.
     * Only what the schedule's Raft must tolerate is drawn: a non-transitive partition or a slow link lets a
     * node that cannot win keep raising terms at the core, which only PreVote with CheckQuorum prevents (thesis
     * §9.6, §6.2), so those two are drawn only when both are on.
     */
    private static List<Fault> lastingFaults(SplittableRandom random, SwarmProfile profile, int nodes, long windowMs,
                                             List<Integer> core) {
        List<Integer> outside = new ArrayList<>();
        for (int n = 0; n < nodes; n++) if (!core.contains(n)) outside.add(n);
        if (outside.isEmpty()) return List.of();
        long at = windowMs / 2 + random.nextLong(Math.max(1, windowMs / 2));
        long forever = Long.MAX_VALUE / 4; // healed by the convergence phase, whatever this says
        int node = outside.get(random.nextInt(outside.size()));
        boolean immune = profile.preVote() && profile.checkQuorum();
        int kinds = immune ? 5 : 3;
        List<Fault> lasting = new ArrayList<>();
        switch (random.nextInt(kinds)) {
            case 0 -> lasting.add(new Fault.Crash(List.of(node), at, forever, false));
            case 1 -> lasting.add(new Fault.Pause(node, at, forever, random.nextBoolean()));
            case 2 -> {
                List<Integer> order = new ArrayList<>(List.of(node));
                for (int n = 0; n < nodes; n++) if (n != node) order.add(n);
                lasting.add(new Fault.Partition(PartitionShape.ISOLATE_ONE, order, at, forever));
            }
            case 3 -> {
                PartitionShape shape = random.nextBoolean() ? PartitionShape.BRIDGE : PartitionShape.MAJORITIES_RING;
                lasting.add(new Fault.Partition(shape, permutation(random, nodes), at, forever));
            }
            default -> lasting.add(new Fault.SlowLinks(node, at, forever, duration(random, 300, 3_000)));
        }
        return lasting;
    }

    private static List<Fault> diskFaults(SplittableRandom random, SwarmProfile profile, int nodes, long windowMs,
                                          List<Integer> core) {
        List<Fault> faults = new ArrayList<>();
        List<Integer> outside = new ArrayList<>();
        for (int n = 0; n < nodes; n++) if (!core.contains(n)) outside.add(n);
        double seconds = windowMs / 1000.0;
        // Late in the window, so that there is durable data to damage; the node is down until the end of the fault.
        for (FaultKind kind : List.of(FaultKind.BIT_FLIP, FaultKind.READ_ERROR, FaultKind.MISDIRECTED_WRITE)) {
            if (!profile.has(kind) || outside.isEmpty()) continue;
            long at = windowMs / 4 + random.nextLong(Math.max(1, windowMs * 3 / 4));
            faults.add(new Fault.Disk(kind.cliName(), outside.get(random.nextInt(outside.size())), at,
                    at + duration(random, 50, 1_000)));
        }
        if (profile.has(FaultKind.FSYNC_ERROR)) {
            int count = count(random, seconds, 0.5);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.Disk("fsync-error", random.nextInt(nodes), at, at + 1));
            }
        }
        if (profile.has(FaultKind.DISK_FULL)) {
            int count = count(random, seconds, 0.3);
            for (int i = 0; i < count; i++) {
                long at = random.nextLong(windowMs);
                faults.add(new Fault.Disk("disk-full", random.nextInt(nodes), at, at + duration(random, 20, 1_000)));
            }
        }
        return faults;
    }

    /**
     * The Raft paper's Figure 8 as a nemesis composition. The leader is cut off while clients still write to it
     * (entries of its term on it alone); every leader the others elect meanwhile is killed within a few ms (an entry
     * of a newer term on that leader alone, and it stays down a while); the partition heals, the old leader wins
     * again with its long old-term log and starts replicating it — and is itself killed some ms later, possibly
     * after it counted replicas of old-term entries, before its own term's entry is on a majority (§5.4.2).
     */
    private static List<Fault> figure8Storm(SplittableRandom random, int nodes, long windowMs) {
        long at = random.nextLong(Math.max(1, windowMs - 1_500));
        long isolatedMs = duration(random, 300, 900);
        long healAt = at + isolatedMs;
        List<Fault> storm = new ArrayList<>();
        storm.add(new Fault.Partition(PartitionShape.ISOLATE_LEADER, permutation(random, nodes), at, healAt));
        storm.add(new Fault.KillLeaders(at + 1, healAt, 1 + random.nextInt(3),
                isolatedMs + duration(random, 100, 600)));
        long second = healAt + random.nextInt(100);
        storm.add(new Fault.KillLeaders(second, second + duration(random, 200, 800), duration(random, 5, 60),
                duration(random, 50, 500)));
        return storm;
    }

    /** The liveness core: a random bare majority, sorted. */
    public static List<Integer> drawCore(SplittableRandom random, int nodes) {
        return permutation(random, nodes).subList(0, nodes / 2 + 1).stream().sorted().toList();
    }

    private static boolean torn(SplittableRandom random, SwarmProfile profile) {
        return profile.has(FaultKind.TORN_WRITE) && random.nextDouble() < profile.tornWriteProbability();
    }

    /** How many faults of a kind: up to {@code maxPerSecond} per second of window, intensity drawn per schedule. */
    private static int count(SplittableRandom random, double seconds, double maxPerSecond) {
        double rate = random.nextDouble() * maxPerSecond;
        return Math.max(1, (int) Math.round(rate * seconds));
    }

    /** Log-uniform between min and max: short faults are common, long ones happen. */
    private static long duration(SplittableRandom random, long minMs, long maxMs) {
        double log = StrictMath.log(minMs) + random.nextDouble() * (StrictMath.log(maxMs) - StrictMath.log(minMs));
        return Math.max(1, Math.round(StrictMath.exp(log)));
    }

    static List<Integer> permutation(SplittableRandom random, int nodes) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes; i++) order.add(i);
        for (int i = nodes - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        return order;
    }
}
