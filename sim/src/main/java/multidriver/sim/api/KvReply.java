package multidriver.sim.api;

/**
 * A node's answer to a {@link KvRequest}. In Maelstrom's terms: {@link Value}, {@link Written} and {@link Swapped}
 * are {@code read_ok}, {@code write_ok} and {@code cas_ok}; {@link CasFailed} is error 22 (precondition failed, or 20
 * when the key is missing) and definite; {@link NotLeader} is error 11 (temporarily unavailable: not done, try again,
 * perhaps elsewhere). No answer at all is indeterminate: the client times out, retries, and at its deadline records
 * the operation as {@code :info}.
 */
public sealed interface KvReply {
    /** A read's result: the value, or {@code null} for a missing key. */
    record Value(Long value) implements KvReply {
    }

    /** The write took effect. */
    record Written() implements KvReply {
    }

    /** The compare-and-set took effect. */
    record Swapped() implements KvReply {
    }

    /** The compare-and-set did not take effect: the key held {@code current} ({@code null}: missing). */
    record CasFailed(Long current) implements KvReply {
    }

    /**
     * Not done here: {@code leaderHint} is the node this one believes leads ({@code -1}: none known; this node's own
     * id: "I lead but cannot serve yet", the client waits a little and asks again).
     */
    record NotLeader(int leaderHint) implements KvReply {
    }

    /** The session was opened with id {@code session} (non-zero). */
    record SessionOpened(long session) implements KvReply {
    }

    /** The session expired or was evicted: whether the operation took effect is unknown ({@code :info}). */
    record SessionExpired() implements KvReply {
    }
}
