package multidriver.core.raft;

import java.util.List;
import multidriver.core.log.Entry;

/** What a (re)starting server read back from its stable storage: hard state and the durable log. */
public record RecoveredState(HardState hardState, List<Entry> log) {
    public static final RecoveredState EMPTY = new RecoveredState(HardState.INITIAL, List.of());

    public RecoveredState {
        log = List.copyOf(log);
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).index() != i + 1) {
                throw new IllegalArgumentException("recovered log must be contiguous from index 1; position " + i
                        + " holds index " + log.get(i).index());
            }
        }
    }
}
