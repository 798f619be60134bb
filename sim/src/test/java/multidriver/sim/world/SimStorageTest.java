package multidriver.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RecoveredState;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SimStorageTest {
    private static Entry entry(long index, long term) {
        return new Entry(index, term, new byte[] {(byte) index, (byte) term});
    }

    @Test
    void aCrashLosesWhatWasNotSyncedAndKeepsWhatWas() {
        SimStorage storage = new SimStorage();
        storage.write(new HardState(1, NodeId.of(0), 0), List.of(entry(1, 1), entry(2, 1)));
        storage.sync();
        storage.write(new HardState(2, NodeId.of(1), 0), List.of(entry(3, 2)));
        RecoveredState recovered = storage.crash(false, new SplittableRandom(1));
        assertEquals(new HardState(1, NodeId.of(0), 0), recovered.hardState());
        assertEquals(List.of(entry(1, 1), entry(2, 1)), recovered.log());
    }

    @Test
    void anUnsyncedTruncationIsUndoneByACrash() {
        SimStorage storage = new SimStorage();
        storage.write(new HardState(1, null, 0), List.of(entry(1, 1), entry(2, 1), entry(3, 1)));
        storage.sync();
        // §5.3: a conflicting suffix is replaced; not synced, so the old suffix is what the disk still holds.
        storage.write(new HardState(2, null, 0), List.of(entry(2, 2)));
        assertEquals(List.of(entry(1, 1), entry(2, 2)), storage.recover().log());
        RecoveredState recovered = storage.crash(false, new SplittableRandom(1));
        assertEquals(List.of(entry(1, 1), entry(2, 1), entry(3, 1)), recovered.log());
    }

    /**
     * Whatever the writes and syncs: without a tear, a crash recovers exactly the last synced state; with a tear,
     * the recovered state is still one a restarting Raft server accepts (commit index within the log, no entry newer
     * than the term).
     */
    @Property(tries = 300)
    void aCrashRecoversTheSyncedStateOrAConsistentTornExtensionOfIt(@ForAll long seed,
                                                                    @ForAll @IntRange(min = 1, max = 30) int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        SimStorage storage = new SimStorage();
        List<Entry> current = new ArrayList<>();
        List<Entry> synced = new ArrayList<>();
        HardState hardState = HardState.INITIAL;
        HardState syncedHardState = HardState.INITIAL;
        long term = 1;
        for (int i = 0; i < steps; i++) {
            if (random.nextInt(4) == 0) {
                storage.sync();
                synced = new ArrayList<>(current);
                syncedHardState = hardState;
                continue;
            }
            if (random.nextBoolean()) term++;
            int from = 1 + random.nextInt(current.size() + 1);
            List<Entry> batch = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(3); k++) batch.add(entry(from + k, term));
            while (current.size() >= from) current.remove(current.size() - 1);
            current.addAll(batch);
            hardState = new HardState(term, null, random.nextInt(from));
            storage.write(hardState, batch);
        }
        boolean torn = random.nextBoolean();
        RecoveredState recovered = storage.crash(torn, random);
        List<Entry> log = recovered.log();
        assertTrue(recovered.hardState().commitIndex() <= log.size(), "commit index within the recovered log");
        if (!log.isEmpty()) {
            assertTrue(log.get(log.size() - 1).term() <= recovered.hardState().term(), "no entry newer than the term");
        }
        if (!torn) {
            assertEquals(synced, log);
            assertEquals(syncedHardState, recovered.hardState());
        }
        assertEquals(recovered, storage.recover(), "the crash leaves the disk in the recovered state");
    }
}
