package multidriver.sim.experiment;

import java.util.ArrayList;
import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.Ready;

/**
 * One server's simulated stable storage: what it persisted from its Readys. Nobody restarts in this experiment, so
 * it is read back by nobody; it exists so that the driver keeps the Ready contract (persist, then send) and can check
 * that no message left before the term it carries was on disk (§5.1, Figure 2).
 */
final class StableStore {
    private HardState hardState = HardState.INITIAL;
    private final List<Entry> log = new ArrayList<>();

    /** Step 1 of the Ready contract: hard state, then entries (a §5.3 truncation replaces the stored suffix). */
    void persist(Ready ready) {
        if (ready.hardState() != null) hardState = ready.hardState();
        if (ready.entries().isEmpty()) return;
        long first = ready.entries().get(0).index();
        if (first > log.size() + 1) {
            throw new IllegalStateException("Ready entries start at " + first + " but storage ends at " + log.size());
        }
        log.subList((int) first - 1, log.size()).clear();
        log.addAll(ready.entries());
    }

    long term() {
        return hardState.term();
    }

    long lastIndex() {
        return log.size();
    }
}
