package multidriver.sim.fault;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The fault families a campaign may draw from ({@code --faults}); a schedule enables a random subset (swarm). */
public enum FaultKind {
    PARTITION, CRASH, KILL_LEADERS, POWER_LOSS, PAUSE, DROP, DUPLICATE, REORDER, DRIFT, TORN_WRITE, BIT_FLIP, READ_ERROR,
    FSYNC_ERROR, DISK_FULL, SLOW_LINK, LASTING,
    /** Servers take snapshots and compact their logs every few entries, so InstallSnapshot runs under the faults (§7). */
    SNAPSHOT,
    /** Leadership transfers (thesis §3.10) to random members, some of which crash right after. */
    TRANSFER,
    /** Membership changes (thesis §4): remove a member and add it back as a learner, or replace it with an empty one. */
    MEMBERSHIP,
    /** A write reaches the disk at the wrong offset (outside the core: the node may rightly refuse to start). */
    MISDIRECTED_WRITE;

    /** The one spelling used everywhere: flags, JSON, reports ({@code kill-leaders}). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads the CLI spelling, and the enum name older reproducers were written with. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static FaultKind fromJson(String name) {
        for (FaultKind kind : values()) {
            if (kind.cliName().equals(name) || kind.name().equals(name)) return kind;
        }
        throw new IllegalArgumentException("unknown fault '" + name + "', expected one of " + names());
    }

    /** Parses a comma-separated list such as {@code partition,crash,drop}; {@code all} means every kind. */
    public static Set<FaultKind> parseList(String list) {
        EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String raw : list.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (name.equals("all")) return EnumSet.allOf(FaultKind.class);
            if (name.equals("none")) continue;
            kinds.add(parse(name));
        }
        return kinds;
    }

    public static FaultKind parse(String name) {
        for (FaultKind kind : values()) {
            if (kind.cliName().equals(name)) return kind;
        }
        throw new IllegalArgumentException("unknown fault '" + name + "', expected one of " + names());
    }

    public static String names() {
        StringBuilder sb = new StringBuilder("all");
        for (FaultKind kind : values()) sb.append(", ").append(kind.cliName());
        return sb.toString();
    }
}
