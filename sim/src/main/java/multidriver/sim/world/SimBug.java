package multidriver.sim.world;

import java.util.Locale;
import java.util.Optional;
import multidriver.core.raft.DeliberateBug;
import multidriver.server.ServerBug;

/**
 * The deliberate bugs a campaign can switch on with {@code --bug NAME}. Each is a knob of the code under test, not
 * of the simulated world: eight live in the Raft core ({@link DeliberateBug}), the others in the server core that the
 * node ships ({@link ServerBug}): its Ready loop, its WAL recovery and its request path.
 */
public enum SimBug {
    COMMIT_OLD_TERM(DeliberateBug.COMMIT_OLD_TERM, null),
    VOTE_TWICE(DeliberateBug.VOTE_TWICE, null),
    NO_TRUNCATE(DeliberateBug.NO_TRUNCATE, null),
    STALE_READ(DeliberateBug.STALE_READ, null),
    ACK_BEFORE_FSYNC(null, ServerBug.ACK_BEFORE_FSYNC),
    SKIP_FSYNC(null, ServerBug.SKIP_FSYNC),
    ACCEPT_CORRUPT_RECORD(null, ServerBug.ACCEPT_CORRUPT_RECORD),
    MATCH_BY_INDEX(null, ServerBug.MATCH_BY_INDEX),
    ACK_ON_COMMIT(null, ServerBug.ACK_ON_COMMIT),
    LEADER_COUNTS_UNSYNCED(null, ServerBug.LEADER_COUNTS_UNSYNCED),
    SNAPSHOT_WITHOUT_SESSIONS(null, ServerBug.SNAPSHOT_WITHOUT_SESSIONS),
    NO_CONVERGE(DeliberateBug.NO_CONVERGE, null),
    APPLY_SNAPSHOT_OUT_OF_ORDER(DeliberateBug.APPLY_SNAPSHOT_OUT_OF_ORDER, null),
    CONFIG_FROM_COMMITTED_ONLY(DeliberateBug.CONFIG_FROM_COMMITTED_ONLY, null),
    REMOVE_WITHOUT_STEPDOWN(DeliberateBug.REMOVE_WITHOUT_STEPDOWN, null);

    private final DeliberateBug coreBug;
    private final ServerBug serverBug;

    SimBug(DeliberateBug coreBug, ServerBug serverBug) {
        this.coreBug = coreBug;
        this.serverBug = serverBug;
    }

    public Optional<DeliberateBug> coreBug() {
        return Optional.ofNullable(coreBug);
    }

    public Optional<ServerBug> serverBug() {
        return Optional.ofNullable(serverBug);
    }

    /** The one spelling used everywhere: flags, JSON, reports ({@code stale-read}). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads the CLI spelling, and the enum name older reproducers were written with. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static SimBug fromJson(String name) {
        for (SimBug bug : values()) {
            if (bug.cliName().equals(name) || bug.name().equals(name)) return bug;
        }
        throw new IllegalArgumentException("unknown bug '" + name + "', expected one of " + names());
    }

    @Override
    public String toString() {
        return cliName();
    }

    /** Every name, comma-separated, for help texts and errors. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (SimBug bug : values()) names.append(names.length() == 0 ? "" : ", ").append(bug.cliName());
        return names.toString();
    }

    public static SimBug parse(String name) {
        for (SimBug bug : values()) {
            if (bug.cliName().equals(name)) return bug;
        }
        throw new IllegalArgumentException("unknown bug '" + name + "', expected one of " + names());
    }
}
