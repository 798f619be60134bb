package multidriver.chaos.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting for a cluster to reach a state, by asking it every quarter second until a deadline. */
public final class Polling {
    private static final long EVERY_MS = 250;

    private Polling() {
    }

    /** The first present answer of {@code attempt} within {@code timeout}; empty at the deadline or on interrupt. */
    public static <T> Optional<T> await(Duration timeout, Supplier<Optional<T>> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> answer = attempt.get();
            if (answer.isPresent()) return answer;
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
