package multidriver.chaos.client;

/**
 * One client of the register workload, in the target system's own protocol: read, write and compare-and-set of a
 * string key holding a number, each classified as Jepsen does. {@code :ok} when the system said it happened;
 * {@code :fail} only when it surely did not (the system refused it, or it was never sent); {@code :info} when it may
 * or may not have happened (a timeout, a lost connection, an error after the request may have reached a member).
 * A read that got no answer changed nothing, so it may be {@code :fail}.
 *
 * <p>One instance per client thread (it may keep per-client state, such as a session); not thread-safe. A read of
 * a key that does not exist is {@code :ok} with value {@code null}.
 */
public interface RegisterClient extends AutoCloseable {
    Completion read(String key);

    Completion write(String key, long value);

    /** Sets {@code key} to {@code value} iff it holds {@code expected}; {@code :fail} when it did not. */
    Completion cas(String key, long expected, long value);

    /** Releases connections; never throws. */
    @Override
    void close();
}
