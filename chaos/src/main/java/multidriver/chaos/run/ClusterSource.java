package multidriver.chaos.run;

import java.util.Locale;

/** Where a multi-driver cluster under test comes from ({@code --cluster}). */
public enum ClusterSource {
    /** A fresh cluster created for the run through Testcontainers, removed afterwards. */
    TESTCONTAINERS,
    /** The compose cluster of scripts/start_docker_cluster.sh, borrowed and left running. */
    COMPOSE;

    public static ClusterSource parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "testcontainers" -> TESTCONTAINERS;
            case "compose" -> COMPOSE;
            default -> throw new IllegalArgumentException("--cluster must be testcontainers or compose, got " + s);
        };
    }
}
