package multidriver.chaos.run;

import java.util.Locale;

/** Where the cluster under test comes from. */
public enum Target {
    /** A fresh cluster created for the run through Testcontainers, removed afterwards. */
    TESTCONTAINERS,
    /** The compose cluster of scripts/start_docker_cluster.sh, borrowed and left running. */
    COMPOSE;

    public static Target parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "testcontainers" -> TESTCONTAINERS;
            case "compose" -> COMPOSE;
            default -> throw new IllegalArgumentException("--target must be testcontainers or compose, got " + s);
        };
    }
}
