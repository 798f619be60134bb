package multidriver.sim.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One fault of a schedule, as a value: it can be printed, saved in a reproducer, shrunk and replayed. Times are
 * simulated milliseconds from the start of the schedule; a fault whose end lies past the liveness heal keeps
 * acting outside the healed core (a node left down or cut off for good, as TigerBeetle's VOPR does).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Fault.Partition.class, name = "partition"),
        @JsonSubTypes.Type(value = Fault.Crash.class, name = "crash"),
        @JsonSubTypes.Type(value = Fault.Pause.class, name = "pause"),
        @JsonSubTypes.Type(value = Fault.KillLeaders.class, name = "kill-leaders"),
        @JsonSubTypes.Type(value = Fault.Disk.class, name = "disk"),
        @JsonSubTypes.Type(value = Fault.SlowLinks.class, name = "slow-links"),
        @JsonSubTypes.Type(value = Fault.Transfer.class, name = "transfer"),
        @JsonSubTypes.Type(value = Fault.MembershipChange.class, name = "membership")})
public sealed interface Fault permits Fault.Partition, Fault.Crash, Fault.Pause, Fault.KillLeaders, Fault.Disk,
        Fault.SlowLinks, Fault.Transfer, Fault.MembershipChange {
    long atMs();

    long untilMs();

    /** The same fault lasting {@code durationMs} instead (for shrinking). */
    Fault withDuration(long durationMs);

    /** The same fault on a cluster of {@code nodes} servers, or null when it names a node that no longer exists. */
    Fault restrictedTo(int nodes);

    /** Cuts links of {@code shape} over the node permutation {@code order} during [atMs, untilMs). */
    record Partition(PartitionShape shape, List<Integer> order, long atMs, long untilMs) implements Fault {
        public Partition {
            order = List.copyOf(order);
            checkWindow(atMs, untilMs);
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new Partition(shape, order, atMs, atMs + durationMs);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return new Partition(shape, order.stream().filter(n -> n < nodes).toList(), atMs, untilMs);
        }
    }

    /**
     * Crashes {@code nodes} at the same instant (several at once is a power loss), or the current leader when
     * {@code nodes} is empty; each restarts at {@code untilMs} from what its disk made durable. Dirty pages are lost
     * (any subset). With {@code tornWrite} the power fails in the middle of the node's next fsync instead, after
     * {@code atMs}: the write being made durable is torn at sector granularity and the Ready it belongs to never
     * sends its messages.
     */
    record Crash(List<Integer> nodes, long atMs, long untilMs, boolean tornWrite) implements Fault {
        public Crash {
            nodes = List.copyOf(nodes);
            checkWindow(atMs, untilMs);
        }

        public boolean targetsLeader() {
            return nodes.isEmpty();
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new Crash(nodes, atMs, atMs + durationMs, tornWrite);
        }

        @Override
        public Fault restrictedTo(int count) {
            List<Integer> kept = nodes.stream().filter(n -> n < count).toList();
            return !nodes.isEmpty() && kept.isEmpty() ? null : new Crash(kept, atMs, untilMs, tornWrite);
        }
    }

    /**
     * Freezes {@code node} (or the current leader when {@code node < 0}): no ticks, inbound messages wait. With
     * {@code freezeOutbound} the messages it sent just before (still in its socket buffers) wait too and leave when
     * it wakes: a GC pause or SIGSTOP of the whole process.
     */
    record Pause(int node, long atMs, long untilMs, boolean freezeOutbound) implements Fault {
        public Pause {
            checkWindow(atMs, untilMs);
        }

        public boolean targetsLeader() {
            return node < 0;
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new Pause(node, atMs, atMs + durationMs, freezeOutbound);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return node >= nodes ? null : this;
        }
    }

    /**
     * During [atMs, untilMs), every server that becomes leader is crashed a random 0..{@code maxDelayMs} later (if it
     * still leads) and restarted {@code downMs} after that: Jepsen's "kill the leader" nemesis, aimed at the moment
     * a new leader has replicated part of its log. Leaves divergent suffixes of several terms on different
     * minorities — the Raft paper's Figure 8, where committing old-term entries by counting replicas breaks
     * (§5.4.2).
     */
    record KillLeaders(long atMs, long untilMs, long maxDelayMs, long downMs) implements Fault {
        public KillLeaders {
            checkWindow(atMs, untilMs);
            if (maxDelayMs < 0 || downMs < 1) throw new IllegalArgumentException("bad kill-leaders delays");
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new KillLeaders(atMs, atMs + durationMs, maxDelayMs, downMs);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return this;
        }
    }

    /**
     * A fault of one node's disk ({@code kind}: bit-flip, read-error, fsync-error, disk-full; see
     * {@link multidriver.sim.disk.DiskFaultKind}). Bit flips and read errors strike bytes that were once durable,
     * while the node is down: it is powered off at {@code atMs}, the damage is done, and it is started again at
     * {@code untilMs}, when its recovery must notice. An fsync error hits the node's first fsync after {@code atMs};
     * a full disk refuses writes during [atMs, untilMs).
     */
    record Disk(String kind, int node, long atMs, long untilMs) implements Fault {
        public static final List<String> KINDS = List.of("bit-flip", "read-error", "fsync-error", "disk-full",
                "misdirected-write");

        public Disk {
            checkWindow(atMs, untilMs);
            if (!KINDS.contains(kind)) throw new IllegalArgumentException("unknown disk fault '" + kind + "', expected "
                    + "one of " + KINDS);
            if (node < 0) throw new IllegalArgumentException("a disk fault names its node, got " + node);
        }

        /** Damage to durable bytes (as opposed to an error of an operation): only for nodes outside the core. */
        public boolean corrupts() {
            return kind.equals("bit-flip") || kind.equals("read-error") || kind.equals("misdirected-write");
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new Disk(kind, node, atMs, atMs + durationMs);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return node >= nodes ? null : this;
        }
    }

    /**
     * Every message to or from {@code node} sent during [atMs, untilMs) is held {@code holdMs} longer than usual and
     * then released: a congested or flapping link. Votes and heartbeats arrive long after their term.
     */
    record SlowLinks(int node, long atMs, long untilMs, long holdMs) implements Fault {
        public SlowLinks {
            checkWindow(atMs, untilMs);
            if (node < 0 || holdMs < 1) throw new IllegalArgumentException("slow links need a node and holdMs >= 1");
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new SlowLinks(node, atMs, atMs + durationMs, holdMs);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return node >= nodes ? null : this;
        }
    }

    /** The same fault, ending no later than {@code endMs} (which must lie after its start). */
    default Fault endingBy(long endMs) {
        return untilMs() <= endMs ? this : withDuration(endMs - atMs());
    }

    /**
     * At {@code atMs} the current leader hands leadership over (thesis §3.10) to the member {@code 1 + targetShift}
     * places after it; with {@code crashTarget} that member then crashes at once (while it catches up or while its
     * TimeoutNow is in flight) and restarts at {@code untilMs}.
     */
    record Transfer(int targetShift, long atMs, long untilMs, boolean crashTarget) implements Fault {
        public Transfer {
            checkWindow(atMs, untilMs);
            if (targetShift < 0) throw new IllegalArgumentException("targetShift must be >= 0");
        }

        /** The member leadership goes to, from leader {@code leader} of {@code nodes}. */
        public int target(int leader, int nodes) {
            return nodes < 2 ? leader : (leader + 1 + targetShift % (nodes - 1)) % nodes;
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new Transfer(targetShift, atMs, atMs + durationMs, crashTarget);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return this;
        }
    }

    /**
     * An operator changes the configuration (thesis §4): at {@code atMs} it asks the leader to remove {@code count}
     * members, one change at a time (the leader itself first when {@code leader} is set and allowed, else members from
     * {@code 1 + targetShift} places after the leader), and from {@code untilMs} adds each back as a learner and
     * promotes it once it has caught up. Removed servers keep running (and voting when asked) unless replaced. With
     * {@code replace} the removed server's machine is replaced meanwhile: it rejoins empty and catches up from the
     * leader (through a snapshot, if the leader compacted). Each request is retried until it is done; the operator
     * keeps working through the liveness phase, so the cluster ends whole. A member is removed only when the healed
     * core stays a majority of the voters without it.
     */
    record MembershipChange(int targetShift, boolean leader, boolean replace, int count, long atMs, long untilMs)
            implements Fault {
        public MembershipChange {
            checkWindow(atMs, untilMs);
            if (targetShift < 0) throw new IllegalArgumentException("targetShift must be >= 0");
            if (count == 0) count = 1; // reproducers written before the count existed
            if (count < 1 || count > 4) throw new IllegalArgumentException("count must be in [1, 4], got " + count);
        }

        @Override
        public Fault withDuration(long durationMs) {
            return new MembershipChange(targetShift, leader, replace, count, atMs, atMs + durationMs);
        }

        @Override
        public Fault restrictedTo(int nodes) {
            return this;
        }
    }

    private static void checkWindow(long atMs, long untilMs) {
        if (atMs < 0 || untilMs <= atMs) {
            throw new IllegalArgumentException("fault window must satisfy 0 <= atMs < untilMs, got [" + atMs + ", "
                    + untilMs + ")");
        }
    }
}
