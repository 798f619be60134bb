package multidriver.check.search;

import java.util.List;

/** The ops of one key (or of the whole history), in invocation order. */
public record Partition(Object key, List<Operation> operations) {
    public Partition {
        operations = List.copyOf(operations);
    }
}
