package multidriver.chaos.nemesis;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who refuses to hear whom (Jepsen's "grudge"): {@code dropsFrom.get(a)} holds the nodes whose packets node
 * {@code a} drops. A symmetric cut has {@code b ∈ dropsFrom(a)} iff {@code a ∈ dropsFrom(b)}.
 */
public record Grudge(Map<Integer, SortedSet<Integer>> dropsFrom) {
    public Grudge {
        Map<Integer, SortedSet<Integer>> copy = new TreeMap<>();
        dropsFrom.forEach((node, from) -> {
            if (from.contains(node)) {
                throw new IllegalArgumentException("node " + node + " cannot hold a grudge against itself");
            }
            if (!from.isEmpty()) {
                copy.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(from)));
            }
        });
        dropsFrom = Collections.unmodifiableMap(copy);
    }

    /** Cuts every link between the two groups, both ways. */
    public static Grudge cut(Set<Integer> a, Set<Integer> b) {
        Map<Integer, SortedSet<Integer>> m = new TreeMap<>();
        for (int x : a) {
            m.computeIfAbsent(x, k -> new TreeSet<>()).addAll(b);
        }
        for (int y : b) {
            m.computeIfAbsent(y, k -> new TreeSet<>()).addAll(a);
        }
        return new Grudge(m);
    }

    /** Nodes in {@code receivers} drop everything that comes from {@code senders} (one direction only). */
    public static Grudge oneWay(Set<Integer> senders, Set<Integer> receivers) {
        Map<Integer, SortedSet<Integer>> m = new TreeMap<>();
        for (int r : receivers) {
            m.put(r, new TreeSet<>(senders));
        }
        return new Grudge(m);
    }

    public boolean isEmpty() {
        return dropsFrom.isEmpty();
    }

    /** E.g. {@code node-0 drops [node-3 node-4]; node-3 drops [node-0]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        dropsFrom.forEach((node, from) -> {
            sb.append(sb.length() == 0 ? "" : "; ").append("node-").append(node).append(" drops [");
            int i = 0;
            for (int f : from) {
                sb.append(i++ == 0 ? "" : " ").append("node-").append(f);
            }
            sb.append(']');
        });
        return sb.length() == 0 ? "no grudge" : sb.toString();
    }
}
