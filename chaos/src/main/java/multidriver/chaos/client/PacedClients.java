package multidriver.chaos.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The threads of a workload whose clients each run one kind of step (an add, an enqueue or dequeue, a transfer or
 * read) at their share of the rate until the end: one client per thread, client {@code i} homed on member
 * {@code i % members}, each with its own seeded random source; stopped and joined within the op deadline.
 *
 * @param <C> the target's client type of this workload
 */
public final class PacedClients<C extends AutoCloseable> implements ClientLoad {
    /** Makes the step of client {@code index}; the step records its own operations. */
    public interface Steps<C> {
        Runnable step(int index, C client, Random random);
    }

    private final List<Thread> threads = new ArrayList<>();
    private final List<Runnable> bodies = new ArrayList<>();
    private final String threadName;
    private final long opDeadlineMs;
    private volatile boolean stopped;

    /**
     * Opens one client per thread ({@code clients} of its home member); if one cannot be opened, the ones already
     * open are closed and the error goes to the caller.
     */
    public PacedClients(String threadName, WorkloadSpec spec, IntFunction<C> clients, int members, Recorder recorder,
                        long endNs, Steps<C> steps) {
        this.threadName = threadName;
        this.opDeadlineMs = spec.opDeadlineMs();
        long meanIntervalNs = (long) (spec.concurrency() * 1e9 / spec.ratePerSec());
        List<C> opened = new ArrayList<>();
        try {
            for (int i = 0; i < spec.concurrency(); i++) {
                C client = clients.apply(i % members);
                opened.add(client);
                Random random = new Random(spec.seed() * 1_000_003L + i);
                Runnable step = steps.step(i, client, random);
                bodies.add(() -> {
                    try {
                        // A step that throws is a bug of the harness: it reaches the thread's uncaught-exception
                        // handler (printed), and the client is closed all the same.
                        Pacing.run(recorder, random, meanIntervalNs, endNs, () -> stopped, step);
                    } finally {
                        closeQuietly(client);
                    }
                });
            }
        } catch (RuntimeException e) {
            opened.forEach(PacedClients::closeQuietly);
            throw e;
        }
    }

    @Override
    public void start() {
        for (int i = 0; i < bodies.size(); i++) {
            Thread t = new Thread(bodies.get(i), threadName + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void awaitEnd(long endNsFromNow) throws InterruptedException {
        long deadline = System.currentTimeMillis() + endNsFromNow / 1_000_000 + opDeadlineMs + 5_000;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        stopped = true;
        for (Thread t : threads) {
            t.interrupt();
            t.join(opDeadlineMs + 1_000);
            if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // see above
        }
    }
}
