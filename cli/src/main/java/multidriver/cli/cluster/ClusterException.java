package multidriver.cli.cluster;

/** A cluster command cannot go on: the message is the one line the user sees, and the exit code is 2. */
public final class ClusterException extends Exception {
    public ClusterException(String message) {
        super(message);
    }
}
