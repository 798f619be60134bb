package multidriver.chaos.maelstrom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import multidriver.chaos.client.Recorder;

/**
 * Faults for processes under Maelstrom's protocol, one at a time: a quiet interval, then a fault for a while, then
 * healed. {@code partition}: a random node cut off from the rest, or the nodes split in two random halves (both
 * ways, messages in flight dropped); {@code kill}: a node killed with its memory and restarted empty when the fault
 * ends (the fault Maelstrom itself lacks); {@code pause}: SIGSTOP, then SIGCONT; {@code delay}: every link 100-500 ms
 * slower. Each start and stop is a nemesis event in the history, as Jepsen records them. Seeded.
 */
final class MaelstromNemesis implements Runnable {
    static final List<String> KINDS = List.of("partition", "kill", "pause", "delay");

    /** What the nemesis needs of the run: restarting a node includes its {@code init}. */
    interface Cluster {
        int size();

        NodeProcess node(int index);

        void restart(int index);

        MaelstromNetwork network();
    }

    private final List<String> kinds;
    private final Cluster cluster;
    private final Recorder recorder;
    private final long endNs;
    private final long quietMs;
    private final long faultMs;
    private final SplittableRandom random;
    private final List<String> errors = new ArrayList<>();

    MaelstromNemesis(List<String> kinds, Cluster cluster, Recorder recorder, long endNs, long quietMs, long faultMs,
                     long seed) {
        for (String k : kinds) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown nemesis '" + k + "'; known: " + String.join(", ", KINDS)
                        + ", none");
            }
        }
        this.kinds = List.copyOf(kinds);
        this.cluster = cluster;
        this.recorder = recorder;
        this.endNs = endNs;
        this.quietMs = quietMs;
        this.faultMs = faultMs;
        this.random = new SplittableRandom(seed);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void run() {
        if (kinds.isEmpty()) return;
        try {
            while (sleepUntilEndOr(quietMs) && recorder.nowNs() < endNs) {
                String kind = kinds.get(random.nextInt(kinds.size()));
                Runnable stop = start(kind);
                sleepUntilEndOr(faultMs);
                stop.run();
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                errors.add("nemesis failed: " + e);
            }
        }
    }

    /** Starts one fault and returns what ends it. */
    private Runnable start(String kind) {
        int n = cluster.size();
        int victim = random.nextInt(n);
        switch (kind) {
            case "partition" -> {
                boolean[] side = new boolean[n];
                String shape;
                if (random.nextBoolean() || n < 4) {
                    side[victim] = true;
                    shape = "isolate n" + victim;
                } else {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < n; i++) order.add(i);
                    for (int i = n - 1; i > 0; i--) java.util.Collections.swap(order, i, random.nextInt(i + 1));
                    for (int i = 0; i < n / 2; i++) side[order.get(i)] = true;
                    List<String> minority = new ArrayList<>();
                    for (int i = 0; i < n; i++) if (side[i]) minority.add("n" + i);
                    shape = "halves " + minority + " | rest";
                }
                cluster.network().partition(side);
                recorder.nemesis("start-partition", shape);
                return () -> {
                    cluster.network().heal();
                    recorder.nemesis("stop-partition", "healed");
                };
            }
            case "kill" -> {
                cluster.node(victim).kill();
                recorder.nemesis("start-kill", "n" + victim);
                return () -> {
                    cluster.restart(victim);
                    recorder.nemesis("stop-kill", "n" + victim + " restarted empty");
                };
            }
            case "pause" -> {
                try {
                    cluster.node(victim).pause();
                } catch (Exception e) {
                    throw new IllegalStateException("pause n" + victim + ": " + e, e);
                }
                recorder.nemesis("start-pause", "n" + victim);
                return () -> {
                    try {
                        cluster.node(victim).resume();
                    } catch (Exception e) {
                        throw new IllegalStateException("resume n" + victim + ": " + e, e);
                    }
                    recorder.nemesis("stop-pause", "n" + victim);
                };
            }
            default -> {
                long ms = 100 + random.nextInt(401);
                cluster.network().setExtraDelayMs(ms);
                recorder.nemesis("start-delay", String.format(Locale.ROOT, "+%d ms on every link", ms));
                return () -> {
                    cluster.network().setExtraDelayMs(0);
                    recorder.nemesis("stop-delay", "links at base latency");
                };
            }
        }
    }

    /** Sleeps {@code ms} or until the end; false when interrupted. */
    private boolean sleepUntilEndOr(long ms) {
        long untilNs = Math.min(endNs, recorder.nowNs() + ms * 1_000_000L);
        try {
            while (recorder.nowNs() < untilNs) {
                Thread.sleep(Math.max(1, Math.min(100, (untilNs - recorder.nowNs()) / 1_000_000)));
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
