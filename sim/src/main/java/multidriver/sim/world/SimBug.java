package multidriver.sim.world;

import java.util.Locale;
import java.util.Optional;
import multidriver.core.raft.DeliberateBug;

/**
 * The deliberate bugs a campaign can switch on with {@code --bug NAME}: four live in the Raft core behind
 * {@link DeliberateBug} knobs; {@link #ACK_BEFORE_FSYNC} lives in the simulator's driver loop, which then sends
 * messages (acknowledgements, votes) before the write they depend on is durable (violates the Ready contract).
 */
public enum SimBug {
    COMMIT_OLD_TERM(DeliberateBug.COMMIT_OLD_TERM),
    VOTE_TWICE(DeliberateBug.VOTE_TWICE),
    NO_TRUNCATE(DeliberateBug.NO_TRUNCATE),
    STALE_READ(DeliberateBug.STALE_READ),
    ACK_BEFORE_FSYNC(null);

    private final DeliberateBug coreBug;

    SimBug(DeliberateBug coreBug) {
        this.coreBug = coreBug;
    }

    public Optional<DeliberateBug> coreBug() {
        return Optional.ofNullable(coreBug);
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SimBug parse(String name) {
        for (SimBug bug : values()) {
            if (bug.cliName().equals(name)) return bug;
        }
        StringBuilder names = new StringBuilder();
        for (SimBug bug : values()) names.append(names.length() == 0 ? "" : ", ").append(bug.cliName());
        throw new IllegalArgumentException("unknown bug '" + name + "', expected one of " + names);
    }
}
