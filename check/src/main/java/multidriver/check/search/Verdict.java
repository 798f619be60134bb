package multidriver.check.search;

import java.util.List;
import java.util.Optional;

/**
 * The verdict on a history: the worst partition outcome (INVALID beats UNKNOWN beats VALID), a reason,
 * and every partition's result in key order of first appearance.
 */
public record Verdict(Outcome outcome, String reason, String modelName, List<PartitionResult> partitions) {
    public Verdict {
        partitions = List.copyOf(partitions);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    /** The first invalid partition, if any. */
    public Optional<PartitionResult> firstInvalid() {
        return partitions.stream().filter(p -> p.outcome() == Outcome.INVALID).findFirst();
    }

    /** The explanation of the first invalid partition, if any. */
    public Optional<Explanation> explanation() {
        return firstInvalid().map(PartitionResult::explanation);
    }

    public long searchSteps() {
        return partitions.stream().mapToLong(PartitionResult::searchSteps).sum();
    }

    @Override
    public String toString() {
        return outcome + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
