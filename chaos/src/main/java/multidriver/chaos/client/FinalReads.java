package multidriver.chaos.client;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import multidriver.check.history.OpType;

/**
 * After the heal: one successful read of every key, recorded in the history like any read (so the
 * linearizability check covers it) and returned for the lost-write check.
 */
public final class FinalReads {
    /** Process ids of the final reads start here, far above any client's. */
    public static final long PROCESS_BASE = 1_000_000;
    private static final int TRIES_PER_KEY = 8;

    private FinalReads() {
    }

    /**
     * Reads every key, retrying a key (as a new op by a new process) until one read is ok, at most
     * {@link #TRIES_PER_KEY} times, each try through the next of {@code readers} (one per member, each preferring
     * its own). Returns key → value read (null = not found) for the keys that were read.
     */
    public static Map<Long, Object> run(SortedSet<Long> keys, KeySpace keySpace, List<RegisterClient> readers,
                                        Recorder recorder) {
        int nodes = readers.size();
        Map<Long, Object> out = new TreeMap<>();
        long process = PROCESS_BASE;
        int i = 0;
        for (long key : keys) {
            for (int attempt = 0; attempt < TRIES_PER_KEY; attempt++) {
                long p = process++;
                recorder.invoke(p, "read", Arrays.asList(key, null));
                RegisterClient reader = readers.get((i + attempt) % nodes);
                Completion done = Completion.guarded(true, () -> reader.read(keySpace.httpKey(key)));
                recorder.complete(p, done.type(), "read", Arrays.asList(key, done.type() == OpType.OK ? done.value() : null),
                        done.error());
                if (done.type() == OpType.OK) {
                    out.put(key, done.value());
                    break;
                }
            }
            i++;
        }
        return out;
    }

    /**
     * One {@code :ok} whole-state read after the heal ({@code f} is {@code read} of a set, {@code drain} of a queue,
     * {@code ledger} of a bank), recorded like any op by its own process, through each of {@code readers} in turn, at
     * most {@link #TRIES_PER_KEY} tries with a growing pause (a failover may still be settling). Returns whether one
     * was ok.
     */
    public static <C> boolean retried(String f, List<C> readers, Recorder recorder,
                                      java.util.function.Function<C, Completion> read) {
        for (int attempt = 0; attempt < TRIES_PER_KEY; attempt++) {
            long process = PROCESS_BASE + attempt;
            recorder.invoke(process, f, null);
            C reader = readers.get(attempt % readers.size());
            Completion done = Completion.guarded(true, () -> read.apply(reader));
            recorder.complete(process, done.type(), f, done.type() == OpType.OK ? done.value() : null, done.error());
            if (done.type() == OpType.OK) return true;
            if (!Pacing.pauseMs(500L * (attempt + 1))) return false;
        }
        return false;
    }
}
