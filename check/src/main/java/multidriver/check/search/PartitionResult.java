package multidriver.check.search;

import java.util.List;

/**
 * The result for one partition (one key with {@code independent}, else the whole history).
 *
 * @param key           the key (as recorded), or null for a whole history
 * @param outcome       valid, invalid or unknown
 * @param reason        why unknown or invalid ("" when valid)
 * @param operations    ops the search considered (after dropping fails and no-op reads)
 * @param searchSteps   search loop iterations spent
 * @param memoEntries   memoised configurations stored
 * @param linearization for VALID: one linearization found (indeterminate ops that never took effect omitted)
 * @param explanation   for INVALID: what went wrong; else null
 */
public record PartitionResult(Object key, Outcome outcome, String reason, int operations, long searchSteps,
                              long memoEntries, List<Operation> linearization, Explanation explanation) {
    public PartitionResult {
        linearization = List.copyOf(linearization);
    }
}
