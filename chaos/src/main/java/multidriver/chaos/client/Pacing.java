package multidriver.chaos.client;

import java.util.Random;
import java.util.function.BooleanSupplier;

/** One client thread's rhythm: operations as a Poisson stream at its share of the rate, until the workload's end. */
final class Pacing {
    private Pacing() {
    }

    /**
     * Runs {@code step} at exponential gaps of mean {@code meanIntervalNs}, from a random point of the first interval
     * (no thundering herd at t=0) until {@code endNs} on the recorder's clock or {@code stopped}.
     */
    static void run(Recorder recorder, Random random, long meanIntervalNs, long endNs, BooleanSupplier stopped,
                    Runnable step) {
        long nextNs = recorder.nowNs() + (long) (random.nextDouble() * meanIntervalNs);
        while (!stopped.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long waitNs = nextNs - recorder.nowNs();
            if (waitNs > 0) {
                sleepNs(waitNs);
            }
            if (stopped.getAsBoolean() || recorder.nowNs() >= endNs) {
                return;
            }
            step.run();
            // Exponential gaps, capped so one unlucky draw does not idle a client for long.
            nextNs += (long) Math.min(-Math.log(1 - random.nextDouble()) * meanIntervalNs, 5.0 * meanIntervalNs);
            nextNs = Math.max(nextNs, recorder.nowNs() - meanIntervalNs);
        }
    }

    /**
     * Waits {@code ms} between retries of a final read or a set-up; false (and the interrupt kept) when interrupted,
     * so the caller gives up.
     */
    static boolean pauseMs(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleepNs(long ns) {
        try {
            Thread.sleep(ns / 1_000_000, (int) (ns % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
