package multidriver.chaos.client;

/**
 * One client of the queue workload (Jepsen's total-queue): {@code enqueue} is {@code :ok} once the system confirmed
 * the message (a publisher confirm), {@code :fail} only when it surely was not published, else {@code :info};
 * {@code dequeue} takes one message and acknowledges it, {@code :ok} with the element or with null when the queue
 * was empty, {@code :fail} when nothing was taken. One instance per client thread.
 */
public interface QueueClient extends AutoCloseable {
    Completion enqueue(String queue, long element);

    Completion dequeue(String queue);

    /** Releases connections; never throws. */
    @Override
    void close();
}
