package multidriver.chaos.client;

/**
 * One client of the set workload (Jepsen's): add unique numbers to one set, and read it whole. {@code add} is
 * {@code :ok} when the system acknowledged it, {@code :fail} only when it surely did not happen, else {@code :info};
 * {@code readSet} is {@code :ok} with the elements as a sorted list of numbers. One instance per client thread.
 */
public interface SetClient extends AutoCloseable {
    Completion add(String key, long element);

    Completion readSet(String key);

    /** Releases connections; never throws. */
    @Override
    void close();
}
