package multidriver.chaos.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Jepsen's partition shapes, each turned into a {@link Grudge} over nodes {@code 0..n-1}. */
public enum PartitionShape {
    /** One random node cut off from all others. */
    ISOLATE_ONE,
    /** The current leader cut off from all others (a random node when there is no leader). */
    ISOLATE_LEADER,
    /**
     * The current leader (primary) on the minority side, with as many others as a minority holds ((n-1)/2 in all),
     * cut from the majority: the failover case of primary-replica systems (a random node when none leads).
     */
    ISOLATE_PRIMARY,
    /** A random minority half and majority half, cut from each other. */
    HALVES,
    /** On a random ring every node sees its nearest neighbours, a majority, but no two see the same majority. */
    MAJORITIES_RING,
    /** Two halves that cannot talk to each other, and one node in the middle that talks to both. */
    BRIDGE,
    /** Nobody hears one random node, while it still hears everybody (its packets are dropped on arrival). */
    ONE_WAY;

    /** The CLI name, e.g. {@code majorities-ring}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Grudge grudge(int nodes, Random random, OptionalInt leader) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a partition needs at least 2 nodes, got " + nodes);
        }
        List<Integer> order = shuffled(nodes, random);
        return switch (this) {
            case ISOLATE_ONE -> isolate(order.get(0), nodes);
            case ISOLATE_LEADER -> isolate(leader.orElse(order.get(0)), nodes);
            case ISOLATE_PRIMARY -> withMinority(leader.orElse(order.get(0)), order);
            case HALVES -> Grudge.cut(Set.copyOf(order.subList(0, nodes / 2)), Set.copyOf(order.subList(nodes / 2, nodes)));
            case MAJORITIES_RING -> majoritiesRing(order);
            case BRIDGE -> bridge(order);
            case ONE_WAY -> Grudge.oneWay(Set.of(order.get(0)), Set.copyOf(order.subList(1, nodes)));
        };
    }

    private static Grudge isolate(int node, int nodes) {
        Set<Integer> others = new TreeSet<>();
        for (int i = 0; i < nodes; i++) {
            if (i != node) {
                others.add(i);
            }
        }
        return Grudge.cut(Set.of(node), others);
    }

    /** {@code primary} and the first others of {@code order}, (n-1)/2 nodes in all, cut from the rest. */
    private static Grudge withMinority(int primary, List<Integer> order) {
        int minority = Math.max(1, (order.size() - 1) / 2);
        Set<Integer> side = new TreeSet<>(Set.of(primary));
        for (int node : order) {
            if (side.size() < minority) side.add(node);
        }
        Set<Integer> rest = new TreeSet<>(order);
        rest.removeAll(side);
        return Grudge.cut(side, rest);
    }

    /** Node at ring position p keeps links to positions within distance d, where 2d+1 is at least a majority. */
    private static Grudge majoritiesRing(List<Integer> ring) {
        int n = ring.size();
        int majority = n / 2 + 1;
        int reach = majority / 2; // = ceil((majority-1)/2), the least reach with 2*reach+1 >= majority
        Map<Integer, SortedSet<Integer>> drops = new TreeMap<>();
        for (int p = 0; p < n; p++) {
            SortedSet<Integer> from = new TreeSet<>();
            for (int q = 0; q < n; q++) {
                int dist = Math.min(Math.abs(p - q), n - Math.abs(p - q));
                if (dist > reach) {
                    from.add(ring.get(q));
                }
            }
            drops.put(ring.get(p), from);
        }
        return new Grudge(drops);
    }

    private static Grudge bridge(List<Integer> order) {
        int n = order.size();
        if (n < 3) {
            return Grudge.cut(Set.of(order.get(0)), Set.of(order.get(1)));
        }
        int half = (n - 1) / 2;
        // order.get(half) is the bridge: in neither side, so it keeps every link.
        return Grudge.cut(Set.copyOf(order.subList(0, half)), Set.copyOf(order.subList(half + 1, n)));
    }

    private static List<Integer> shuffled(int nodes, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order;
    }

    public static PartitionShape parse(String cliName) {
        for (PartitionShape s : values()) {
            if (s.cliName().equals(cliName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown partition shape '" + cliName + "'");
    }
}
