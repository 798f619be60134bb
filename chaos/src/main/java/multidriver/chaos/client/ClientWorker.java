package multidriver.chaos.client;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import multidriver.check.history.OpType;

/**
 * One client thread: paced random reads, writes and compare-and-sets on its group's current key, each recorded
 * as an invocation and a completion. After an {@code :info} the process is considered crashed (its op may still
 * take effect later) and the thread continues as a new process, as in Jepsen.
 */
final class ClientWorker implements Runnable {
    /** Small value domain: compare-and-sets then succeed often enough to matter. */
    private static final int VALUES = 5;

    private final int index;
    private final int concurrency;
    private final KeyGroup keys;
    private final KeySpace keySpace;
    private final RegisterClient client;
    private final Recorder recorder;
    private final Random random;
    private final long meanIntervalNs;
    private final long endNs;
    private final String runId;
    private volatile boolean stopped;
    private long process;

    ClientWorker(int index, int concurrency, KeyGroup keys, KeySpace keySpace, RegisterClient client,
                 Recorder recorder, long seed, long meanIntervalNs, long endNs, String runId) {
        this.concurrency = concurrency;
        this.keys = keys;
        this.keySpace = keySpace;
        this.client = client;
        this.recorder = recorder;
        this.random = new Random(seed);
        this.meanIntervalNs = meanIntervalNs;
        this.endNs = endNs;
        this.runId = runId;
        this.index = index;
        this.process = index;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (client) {
            Pacing.run(recorder, random, meanIntervalNs, endNs, () -> stopped, this::step);
        }
    }

    private void step() {
        long key = keys.nextKey();
        String httpKey = keySpace.httpKey(key);
        double dice = random.nextDouble();
        Completion done;
        Object okValue;
        String f;
        if (dice < 0.5) {
            f = "read";
            recorder.invoke(process, f, tuple(key, null));
            done = Completion.guarded(true, () -> client.read(httpKey));
            okValue = done.value();
        } else if (dice < 0.75) {
            f = "write";
            long v = random.nextInt(VALUES);
            recorder.invoke(process, f, tuple(key, v));
            done = Completion.guarded(false, () -> client.write(httpKey, v));
            okValue = v;
        } else {
            f = "cas";
            long expected = random.nextInt(VALUES);
            long v = random.nextInt(VALUES);
            recorder.invoke(process, f, tuple(key, List.of(expected, v)));
            done = Completion.guarded(false, () -> client.cas(httpKey, expected, v));
            okValue = List.of(expected, v);
        }
        // A read that did not answer read nothing (nil); a write or cas keeps the value it tried to write.
        Object value = done.type() != OpType.OK && f.equals("read") ? null : okValue;
        recorder.complete(process, done.type(), f, tuple(key, value), done.error());
        if (done.type() == OpType.INFO) {
            process += concurrency; // the old process may still act: continue under a fresh id
        }
    }

    /** {@code [key value]}; {@link List#of} refuses null, a read's unknown value is nil in the history. */
    private static List<Object> tuple(long key, Object value) {
        return Arrays.asList(key, value);
    }
}
