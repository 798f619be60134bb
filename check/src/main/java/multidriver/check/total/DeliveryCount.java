package multidriver.check.total;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts one history's elements into a {@link Delivery}: inserts as they were invoked and completed, observations
 * as they were made. Insertion-ordered collections: the result follows the history's order, whoever runs it.
 */
final class DeliveryCount {
    private final Set<Object> attempted = new LinkedHashSet<>();
    private final Set<Object> acknowledged = new LinkedHashSet<>();
    private final Set<Object> maybe = new LinkedHashSet<>();
    private final Set<Object> failed = new LinkedHashSet<>();
    private final Map<Object, Integer> seen = new LinkedHashMap<>();

    void attempted(Object element) {
        attempted.add(element);
    }

    void acknowledged(Object element) {
        acknowledged.add(element);
    }

    /** An insert that ended {@code :info}, or never ended: it may have happened. */
    void maybe(Object element) {
        maybe.add(element);
    }

    /** An insert that ended {@code :fail}: it surely did not happen. */
    void failed(Object element) {
        failed.add(element);
    }

    void observed(Object element) {
        seen.merge(element, 1, Integer::sum);
    }

    Delivery result() {
        List<Object> lost = new ArrayList<>();
        for (Object e : acknowledged) {
            if (!seen.containsKey(e)) lost.add(e);
        }
        List<Object> unexpected = new ArrayList<>();
        Map<Object, Integer> duplicated = new LinkedHashMap<>();
        List<Object> recovered = new ArrayList<>();
        for (Map.Entry<Object, Integer> e : seen.entrySet()) {
            // Never attempted, or attempted only by inserts that surely failed: either way it should not be there
            // (the second is a client that reported as failed an insert that happened, which would hide anomalies).
            boolean onlyFailed = failed.contains(e.getKey()) && !acknowledged.contains(e.getKey())
                    && !maybe.contains(e.getKey());
            if (!attempted.contains(e.getKey()) || onlyFailed) unexpected.add(e.getKey());
            if (e.getValue() > 1) duplicated.put(e.getKey(), e.getValue());
            if (maybe.contains(e.getKey()) && !acknowledged.contains(e.getKey())) recovered.add(e.getKey());
        }
        return new Delivery(attempted.size(), acknowledged.size(), seen.size(), lost, unexpected, duplicated,
                recovered);
    }
}
