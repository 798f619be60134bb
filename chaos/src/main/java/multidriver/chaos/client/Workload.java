package multidriver.chaos.client;

import java.time.Duration;
import java.util.function.IntFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The concurrent clients of a chaos run: {@link WorkloadSpec#concurrency()} threads in groups of
 * {@link WorkloadSpec#clientsPerKey()}, each group on its own key, until a deadline.
 */
public final class Workload implements ClientLoad {
    private final List<ClientWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextKey = new AtomicLong();
    private final WorkloadSpec spec;

    /**
     * @param clients a new client of the target system whose first choice is member {@code home}, one per thread
     * @param members the cluster's size: client {@code i} starts at member {@code i % members}
     * @param endNs   recorder time at which clients stop starting new operations
     */
    public Workload(WorkloadSpec spec, IntFunction<RegisterClient> clients, int members, KeySpace keySpace,
                    Recorder recorder, long endNs, String runId) {
        this.spec = spec;
        long meanIntervalNs = (long) (spec.concurrency() * 1e9 / spec.ratePerSec());
        KeyGroup group = null;
        List<RegisterClient> opened = new ArrayList<>();
        for (int i = 0; i < spec.concurrency(); i++) {
            if (i % spec.clientsPerKey() == 0) {
                group = new KeyGroup(nextKey::getAndIncrement, spec.opsPerKey());
            }
            // Client i starts at member i % n: every member serves clients, and each key group spans members.
            RegisterClient client;
            try {
                client = clients.apply(i % members);
            } catch (RuntimeException e) {
                opened.forEach(RegisterClient::close); // no thread will ever run, and close, them
                throw e;
            }
            opened.add(client);
            workers.add(new ClientWorker(i, spec.concurrency(), group, keySpace, client, recorder,
                    spec.seed() * 1_000_003L + i, meanIntervalNs, endNs, runId));
        }
    }

    @Override
    public void start() {
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "chaos-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void awaitEnd(long endNsFromNow) throws InterruptedException {
        long joinMs = Duration.ofNanos(Math.max(0, endNsFromNow)).toMillis() + spec.opDeadlineMs() + 5_000;
        long deadline = System.currentTimeMillis() + joinMs;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        workers.forEach(ClientWorker::stop);
        for (Thread t : threads) {
            t.interrupt();
            t.join(spec.opDeadlineMs() + 1_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop");
            }
        }
    }

    /** Keys handed out so far: 0 .. keysUsed()-1. */
    public long keysUsed() {
        return nextKey.get();
    }
}
