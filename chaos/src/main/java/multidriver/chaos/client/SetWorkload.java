package multidriver.chaos.client;

import java.util.List;
import java.util.function.IntFunction;
import multidriver.check.history.OpType;

/**
 * Jepsen's set workload: {@code concurrency} threads add unique numbers (client {@code i} adds i, i + c, i + 2c, ...)
 * to one set, each add recorded as {@code :add} with its element; after the heal {@link #finalRead} reads the whole
 * set, which {@code SetCheck} compares with what was acknowledged.
 */
public final class SetWorkload {
    /** The set's key number in the run's key space. */
    public static final long KEY = 0;

    private SetWorkload() {
    }

    /**
     * @param clients a new client of the target system whose first choice is member {@code home}, one per thread
     * @param members client {@code i} starts at member {@code i % members}
     */
    public static ClientLoad load(WorkloadSpec spec, IntFunction<SetClient> clients, int members, KeySpace keySpace,
                                  Recorder recorder, long endNs) {
        String key = keySpace.httpKey(KEY);
        return new PacedClients<>("chaos-set-client", spec, clients, members, recorder, endNs,
                (index, client, random) -> new Adder(index, spec.concurrency(), client, key, recorder));
    }

    /**
     * After the heal: one {@code :ok} read of the whole set, recorded like any op, trying each reader in turn (at most
     * 8 tries). Returns whether one succeeded.
     */
    public static boolean finalRead(KeySpace keySpace, List<SetClient> readers, Recorder recorder) {
        return FinalReads.retried("read", readers, recorder, reader -> reader.readSet(keySpace.httpKey(KEY)));
    }

    /** One adding client. */
    private static final class Adder implements Runnable {
        private final int concurrency;
        private final SetClient client;
        private final String key;
        private final Recorder recorder;
        private long process;
        private long next;

        Adder(int index, int concurrency, SetClient client, String key, Recorder recorder) {
            this.concurrency = concurrency;
            this.client = client;
            this.key = key;
            this.recorder = recorder;
            this.process = index;
            this.next = index;
        }

        @Override
        public void run() {
            long element = next;
            next += concurrency;
            recorder.invoke(process, "add", element);
            Completion done = Completion.guarded(false, () -> client.add(key, element));
            recorder.complete(process, done.type(), "add", element, done.error());
            if (done.type() == OpType.INFO) process += concurrency; // it may still act: go on as a new process
        }
    }
}
