package multidriver.sim.cli;

import multidriver.check.history.History;
import multidriver.check.report.Explorer;
import multidriver.check.report.ExplorerPage;
import multidriver.check.search.Outcome;
import multidriver.check.search.Verdict;
import multidriver.sim.world.Failure;
import multidriver.sim.world.Schedule;
import multidriver.sim.world.Timeline;

/**
 * The explorer page of a failing (or replayed) schedule, {@code timeline.html}: per node its leader and candidate
 * terms, crashes and pauses, and its state line at any instant (term, vote, commit, log tail); the messages between
 * nodes as arrows, filterable by kind (votes, appends, heartbeats, snapshots); per client its ops with process, value
 * and the node that answered; the network lane with partitions; the heal and the failure as marks. For a
 * linearizability failure the run's own verdict (kept in the timeline) marks the failing op, the ops concurrent with
 * it and the longest linearizable prefix, with jumps to them.
 */
final class TimelineHtml {
    private TimelineHtml() {
    }

    static String render(Schedule schedule, Failure failure, Timeline timeline, History history, String title) {
        return ExplorerPage.render(explorer(schedule, failure, timeline, history, title));
    }

    static Explorer explorer(Schedule schedule, Failure failure, Timeline timeline, History history, String title) {
        Explorer e = new Explorer(title);
        for (int n = 0; n < schedule.nodes(); n++) e.lane("n" + n, "node");
        for (int c = 0; c < schedule.clients(); c++) e.lane("c" + c, "client");
        e.lane("net", "net");
        e.failure(failure == null ? "" : failure.toString());
        e.note("Schedule: " + schedule.describe());
        int shown = 0;
        for (var fault : schedule.faults()) {
            if (shown++ == 40) {
                e.note("… " + (schedule.faults().size() - 40) + " more faults (reproducer.json lists them all)");
                break;
            }
            e.note("fault: " + fault);
        }
        for (Timeline.Span s : timeline.spans()) {
            if (s.process() >= 0) {
                e.op(s.lane(), s.fromMs(), s.toMs(), s.kind(), s.label(), s.process(), s.invokeIndex());
            } else {
                e.span(s.lane(), s.fromMs(), s.toMs(), s.kind(), s.label());
            }
        }
        for (Timeline.Arrow a : timeline.arrows()) {
            e.arrow("n" + a.from(), "n" + a.to(), a.sentMs(), a.receivedMs(), a.kind(), a.label());
        }
        for (Timeline.State s : timeline.states()) e.state("n" + s.node(), s.atMs(), s.text());
        e.end(schedule.simMs());
        if (schedule.healAtMs() < schedule.simMs()) {
            e.mark(schedule.healAtMs(), "heal: the liveness phase starts", "#00897b");
        }
        if (failure != null && failure.atMs() >= 0) e.mark(failure.atMs(), "failure detected", "#d50000");
        Verdict verdict = timeline.verdict();
        if (verdict != null && verdict.outcome() == Outcome.INVALID && history != null) {
            e.explain(history, true, verdict);
        }
        return e;
    }
}
