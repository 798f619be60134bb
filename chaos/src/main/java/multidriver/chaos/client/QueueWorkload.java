package multidriver.chaos.client;

import java.util.List;
import java.util.function.IntFunction;
import multidriver.check.history.OpType;

/**
 * Jepsen's total-queue workload: clients enqueue unique numbers (client {@code i} enqueues i, i + c, ...) and
 * dequeue, half and half, on one queue; after the heal {@link #drain} dequeues until the queue is empty. The history
 * is checked by {@code TotalQueueCheck}: every confirmed message must come out at least once, and nothing may come
 * out that was never published.
 */
public final class QueueWorkload {
    /** The queue's key number in the run's key space. */
    public static final long KEY = 0;
    /** Bounds the drain: more than any run of this harness enqueues. */
    static final int MAX_DRAINED = 1_000_000;
    private static final int DRAIN_FAILURES = 16;
    private static final int SETTLE_TRIES = 60;

    private QueueWorkload() {
    }

    public static ClientLoad load(WorkloadSpec spec, IntFunction<QueueClient> clients, int members, KeySpace keySpace,
                                  Recorder recorder, long endNs) {
        String queue = keySpace.httpKey(KEY);
        return new PacedClients<>("chaos-queue-client", spec, clients, members, recorder, endNs,
                (index, client, random) -> new Step(index, spec.concurrency(), client, queue, recorder, random));
    }

    /**
     * After the heal: dequeues (each recorded as a {@code dequeue} by a final process) until every member in turn
     * has said the queue is empty and the system counts no message left in it, ready or unacknowledged
     * ({@code backlog}; a message taken by a channel that died stays unacknowledged until the broker notices, and would
     * otherwise be called lost). After a failure the next member is tried, at most {@value #DRAIN_FAILURES} failures
     * and {@value #SETTLE_TRIES} waits for the backlog. Returns whether the queue was seen empty, so that what never came
     * out is lost rather than not yet drained.
     *
     * @param backlog messages the system still holds in the queue, or empty when it cannot say
     */
    public static boolean drain(KeySpace keySpace, List<QueueClient> readers, Recorder recorder,
                                java.util.function.Function<String, java.util.OptionalLong> backlog) {
        String queue = keySpace.httpKey(KEY);
        int failures = 0;
        int settles = 0;
        int emptyInARow = 0;
        int next = 0;
        long process = FinalReads.PROCESS_BASE;
        for (int drained = 0; drained < MAX_DRAINED; drained++) {
            QueueClient reader = readers.get(next % readers.size());
            recorder.invoke(process, "dequeue", null);
            Completion done = Completion.guarded(true, () -> reader.dequeue(queue));
            recorder.complete(process, done.type(), "dequeue", done.type() == OpType.OK ? done.value() : null,
                    done.error());
            if (done.type() != OpType.OK) {
                emptyInARow = 0;
                next++;
                if (++failures >= DRAIN_FAILURES) return false;
                process++; // a new process after a failure, as the workload does
                if (!Pacing.pauseMs(250L * failures)) return false;
            } else if (done.value() != null) {
                emptyInARow = 0;
            } else if (++emptyInARow < readers.size()) {
                next++; // and ask the next member
            } else {
                java.util.OptionalLong left = backlog.apply(queue);
                if (left.isEmpty() || left.getAsLong() == 0) return true;
                if (++settles > SETTLE_TRIES) return false;
                emptyInARow = 0;
                if (!Pacing.pauseMs(1_000)) return false;
            }
        }
        return false;
    }


    /** One client: a fair coin between enqueue and dequeue. */
    private static final class Step implements Runnable {
        private final int concurrency;
        private final QueueClient client;
        private final String queue;
        private final Recorder recorder;
        private final java.util.Random random;
        private long process;
        private long next;

        Step(int index, int concurrency, QueueClient client, String queue, Recorder recorder, java.util.Random random) {
            this.concurrency = concurrency;
            this.client = client;
            this.queue = queue;
            this.recorder = recorder;
            this.random = random;
            this.process = index;
            this.next = index;
        }

        @Override
        public void run() {
            if (random.nextBoolean()) {
                long element = next;
                next += concurrency;
                recorder.invoke(process, "enqueue", element);
                Completion done = Completion.guarded(false, () -> client.enqueue(queue, element));
                recorder.complete(process, done.type(), "enqueue", element, done.error());
                if (done.type() == OpType.INFO) process += concurrency; // it may still act: a new process
            } else {
                recorder.invoke(process, "dequeue", null);
                Completion done = Completion.guarded(true, () -> client.dequeue(queue));
                recorder.complete(process, done.type(), "dequeue", done.type() == OpType.OK ? done.value() : null,
                        done.error());
            }
        }
    }
}
