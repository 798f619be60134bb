package multidriver.chaos.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import multidriver.check.history.OpType;

/**
 * Jepsen's set workload: {@code concurrency} threads add unique numbers (client {@code i} adds i, i + c, i + 2c, ...)
 * to one set, each add recorded as {@code :add} with its element; after the heal {@link #finalRead} reads the whole
 * set, which {@code SetCheck} compares with what was acknowledged.
 */
public final class SetWorkload implements ClientLoad {
    /** The set's key number in the run's key space. */
    public static final long KEY = 0;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Adder> adders = new ArrayList<>();
    private final long opDeadlineMs;

    /**
     * @param clients a new client of the target system whose first choice is member {@code home}, one per thread
     * @param members client {@code i} starts at member {@code i % members}
     */
    public SetWorkload(WorkloadSpec spec, IntFunction<SetClient> clients, int members, KeySpace keySpace,
                       Recorder recorder, long endNs) {
        this.opDeadlineMs = spec.opDeadlineMs();
        long meanIntervalNs = (long) (spec.concurrency() * 1e9 / spec.ratePerSec());
        List<SetClient> opened = new ArrayList<>();
        for (int i = 0; i < spec.concurrency(); i++) {
            SetClient client;
            try {
                client = clients.apply(i % members);
            } catch (RuntimeException e) {
                opened.forEach(SetClient::close);
                throw e;
            }
            opened.add(client);
            adders.add(new Adder(i, spec.concurrency(), client, keySpace.httpKey(KEY), recorder,
                    new Random(spec.seed() * 1_000_003L + i), meanIntervalNs, endNs));
        }
    }

    @Override
    public void start() {
        for (int i = 0; i < adders.size(); i++) {
            Thread t = new Thread(adders.get(i), "chaos-set-client-" + i);
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
        adders.forEach(a -> a.stopped = true);
        for (Thread t : threads) {
            t.interrupt();
            t.join(opDeadlineMs + 1_000);
            if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop");
        }
    }

    /**
     * After the heal: one {@code :ok} read of the whole set, recorded like any op, trying each reader in turn (at most
     * 8 tries). Returns whether one succeeded.
     */
    public static boolean finalRead(KeySpace keySpace, List<SetClient> readers, Recorder recorder) {
        for (int attempt = 0; attempt < 8; attempt++) {
            long process = FinalReads.PROCESS_BASE + attempt;
            recorder.invoke(process, "read", null);
            SetClient reader = readers.get(attempt % readers.size());
            Completion done = Completion.guarded(true, () -> reader.readSet(keySpace.httpKey(KEY)));
            recorder.complete(process, done.type(), "read", done.type() == OpType.OK ? done.value() : null,
                    done.error());
            if (done.type() == OpType.OK) return true;
            try {
                Thread.sleep(500L * (attempt + 1)); // a failover may still be settling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** One adding thread. */
    private static final class Adder implements Runnable {
        private final int concurrency;
        private final SetClient client;
        private final String key;
        private final Recorder recorder;
        private final Random random;
        private final long meanIntervalNs;
        private final long endNs;
        private long process;
        private long next;
        volatile boolean stopped;

        Adder(int index, int concurrency, SetClient client, String key, Recorder recorder, Random random,
              long meanIntervalNs, long endNs) {
            this.concurrency = concurrency;
            this.client = client;
            this.key = key;
            this.recorder = recorder;
            this.random = random;
            this.meanIntervalNs = meanIntervalNs;
            this.endNs = endNs;
            this.process = index;
            this.next = index;
        }

        @Override
        public void run() {
            try (client) {
                Pacing.run(recorder, random, meanIntervalNs, endNs, () -> stopped, this::add);
            }
        }

        private void add() {
            long element = next;
            next += concurrency;
            recorder.invoke(process, "add", element);
            Completion done = Completion.guarded(false, () -> client.add(key, element));
            recorder.complete(process, done.type(), "add", element, done.error());
            if (done.type() == OpType.INFO) process += concurrency; // it may still act: go on as a new process
        }
    }
}
