package multidriver.core.raft;

import java.util.List;
import multidriver.core.log.Entry;

/**
 * What a (re)starting server read back from its stable storage: hard state, the newest snapshot ({@code null} when
 * none; the state machine was restored from it) and the durable log after it.
 */
public record RecoveredState(HardState hardState, Snapshot snapshot, List<Entry> log) {
    public static final RecoveredState EMPTY = new RecoveredState(HardState.INITIAL, List.of());

    public RecoveredState(HardState hardState, List<Entry> log) {
        this(hardState, null, log);
    }

    public RecoveredState {
        log = List.copyOf(log);
        long first = snapshot == null ? 1 : snapshot.index() + 1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).index() != first + i) {
                throw new IllegalArgumentException("recovered log must be contiguous from index " + first + "; position "
                        + i + " holds index " + log.get(i).index());
            }
        }
    }
}
