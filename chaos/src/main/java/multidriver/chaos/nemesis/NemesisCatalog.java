package multidriver.chaos.nemesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import multidriver.chaos.cluster.ClusterControl;

/** The nemeses by their command-line names. */
public final class NemesisCatalog {
    private NemesisCatalog() {
    }

    /** Every accepted name; {@code partition} picks a random shape each time, {@code all} is every kind. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("kill", "pause", "partition"));
        for (PartitionShape s : PartitionShape.values()) {
            names.add("partition-" + s.cliName());
        }
        names.addAll(List.of("isolate-primary", "disconnect", "restart", "transfer", "membership", "all"));
        return names;
    }

    /** Nemeses that act through multi-driver's admin API: only for {@code --target multidriver}. */
    public static final java.util.Set<String> ADMIN_ONLY = java.util.Set.of("transfer", "membership");

    /** Whether {@code nemesis} needs multi-driver's admin API. */
    public static boolean adminOnly(Nemesis nemesis) {
        return ADMIN_ONLY.contains(nemesis.name());
    }

    /** Parses {@code kill,pause,partition}; throws {@link IllegalArgumentException} naming a bad entry. */
    public static List<Nemesis> parse(String commaSeparated) {
        return parse(commaSeparated, true);
    }

    /**
     * {@link #parse(String)} for a target with ({@code adminApi}) or without multi-driver's admin API: without it,
     * {@code all} leaves out the {@link #ADMIN_ONLY} nemeses and naming one is an error.
     */
    public static List<Nemesis> parse(String commaSeparated, boolean adminApi) {
        Map<String, Nemesis> out = new LinkedHashMap<>();
        for (String raw : commaSeparated.split(",")) {
            String name = raw.strip();
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            if (name.equals("all")) {
                for (String n : List.of("kill", "pause", "partition", "disconnect", "restart", "transfer", "membership")) {
                    if (adminApi || !ADMIN_ONLY.contains(n)) out.putIfAbsent(n, byName(n));
                }
                continue;
            }
            if (!adminApi && ADMIN_ONLY.contains(name)) {
                throw new IllegalArgumentException("nemesis '" + name + "' acts through multi-driver's admin API;"
                        + " this target has none (nemeses for every target: kill, pause, partition[-SHAPE],"
                        + " disconnect, restart)");
            }
            out.putIfAbsent(name, byName(name));
        }
        return List.copyOf(out.values());
    }

    private static Nemesis byName(String name) {
        return switch (name) {
            // kill -9 from the host (SIGKILL: no flush, no goodbye), then docker start.
            case "kill" -> new NodeNemesis(name, ClusterControl::kill, ClusterControl::start);
            // docker pause: the cgroup freezer stops every process of the container, which `kill -STOP 1` inside
            // it cannot do; a paused leader wakes up still believing it leads (Raft §5.2, §8).
            case "pause" -> new NodeNemesis(name, ClusterControl::pause, ClusterControl::unpause);
            case "partition" -> new PartitionNemesis(Arrays.asList(PartitionShape.values()));
            // Jepsen's failover case for primary-replica systems: the primary cut off with a minority.
            case "isolate-primary" -> new PartitionNemesis(List.of(PartitionShape.ISOLATE_PRIMARY));
            // The operations guide's network drill; the reconnect restores the node-<id> alias.
            case "disconnect" -> new NodeNemesis(name, ClusterControl::disconnect, ClusterControl::connect);
            // As the guide's `docker-compose restart node-1`, split in two: SIGTERM (SIGKILL after 5 s), then start.
            case "restart" -> new NodeNemesis(name, ClusterControl::stopGracefully, ClusterControl::start);
            // Thesis §3.10 through the admin API: leadership handed to a random member.
            case "transfer" -> new TransferNemesis();
            // Thesis §4 through the admin API: a member removed (sometimes the leader), then added back and promoted.
            case "membership" -> new MembershipNemesis();
            default -> {
                if (name.startsWith("partition-")) {
                    try {
                        yield new PartitionNemesis(List.of(PartitionShape.parse(name.substring("partition-".length()))));
                    } catch (IllegalArgumentException e) {
                        // fall through to the error below
                    }
                }
                throw new IllegalArgumentException("unknown nemesis '" + name + "'; expected one of " + names()
                        + " (comma separated) or none");
            }
        };
    }
}
