package multidriver.sim.api;

/**
 * How the failure explorer shows one message of your system: {@code kind} groups arrows for its filter (the
 * project's Raft uses vote, append, heartbeat, snapshot, timeout-now and forward; any short word will do), and
 * {@code label} is the hover text ({@code RequestVote t4 last 12/3}).
 */
public record MessageView(String kind, String label) {
    public MessageView {
        if (kind == null || kind.isBlank()) throw new IllegalArgumentException("a message kind is a short word");
        if (label == null) label = "";
    }
}
