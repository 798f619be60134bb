package multidriver.chaos.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import multidriver.chaos.client.Recorder;

/**
 * The nemesis thread: cycles through the chosen nemeses in shuffled rounds (so every kind gets its turn), one
 * fault at a time, each recorded as {@code start-<name>} and {@code stop-<name>} events. One fault at a time
 * keeps every fault's effect attributable in the report, and a partition never meets a restarted node whose
 * iptables rules vanished with its network namespace.
 */
public final class NemesisRunner implements Runnable {
    private final List<Nemesis> nemeses;
    private final NemesisContext context;
    private final Recorder recorder;
    private final NemesisSchedule schedule;
    private final long endNs;
    private final Consumer<String> progress;
    private volatile String current = "none";
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    public NemesisRunner(List<Nemesis> nemeses, NemesisContext context, Recorder recorder, NemesisSchedule schedule,
                         long endNs, Consumer<String> progress) {
        this.nemeses = List.copyOf(nemeses);
        this.context = context;
        this.recorder = recorder;
        this.schedule = schedule;
        this.endNs = endNs;
        this.progress = progress;
    }

    /** What is in effect now, for progress lines. */
    public String current() {
        return current;
    }

    /** Start/stop actions that failed (the run then cannot vouch for its faults). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void run() {
        if (nemeses.isEmpty()) {
            return;
        }
        List<Nemesis> round = new ArrayList<>();
        while (sleepUntil(Math.min(endNs, recorder.nowNs() + schedule.quietMs() * 1_000_000))) {
            if (recorder.nowNs() >= endNs) {
                return;
            }
            if (round.isEmpty()) {
                round.addAll(nemeses);
                Collections.shuffle(round, context.random());
            }
            Nemesis nemesis = round.remove(0);
            ActiveFault fault;
            try {
                fault = nemesis.start(context);
            } catch (RuntimeException e) {
                recorder.nemesis("start-" + nemesis.name(), "failed: " + e.getMessage());
                errors.add("start-" + nemesis.name() + ": " + e.getMessage());
                continue;
            }
            recorder.nemesis("start-" + fault.nemesis(), fault.description());
            current = fault.nemesis() + " " + fault.description();
            progress.accept("nemesis: start-" + fault.nemesis() + " " + fault.description());
            boolean onTime = sleepUntil(Math.min(endNs, recorder.nowNs() + schedule.faultMs() * 1_000_000));
            stop(fault);
            if (!onTime) {
                return;
            }
        }
    }

    private void stop(ActiveFault fault) {
        try {
            fault.stop();
            recorder.nemesis("stop-" + fault.nemesis(), fault.description());
            progress.accept("nemesis: stop-" + fault.nemesis() + " " + fault.description());
        } catch (RuntimeException e) {
            recorder.nemesis("stop-" + fault.nemesis(), "failed: " + e.getMessage());
            errors.add("stop-" + fault.nemesis() + ": " + e.getMessage());
        } finally {
            current = "none";
        }
    }

    /** Sleeps until recorder time {@code untilNs}; false when interrupted. */
    private boolean sleepUntil(long untilNs) {
        long waitNs = untilNs - recorder.nowNs();
        if (waitNs <= 0) {
            return true;
        }
        try {
            Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
