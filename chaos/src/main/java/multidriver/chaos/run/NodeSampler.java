package multidriver.chaos.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.client.Recorder;
import multidriver.chaos.report.NodeSample;

/**
 * Polls every node's {@code GET /status} through the admin probe while the workload runs, keeping a sample only when
 * a node's role, term, leader or answer changed, or every {@link #KEEP_EVERY_MS} for the commit index, so the
 * explorer can draw each node's roles and terms over the run. Bounded in samples; stops by itself at
 * {@code endNs} or when stopped.
 */
final class NodeSampler implements Runnable {
    static final long POLL_EVERY_MS = 250;
    static final long KEEP_EVERY_MS = 2_000;
    static final int MAX_SAMPLES = 20_000;
    private final ClusterProbe probe;
    private final List<Integer> nodeIds;
    private final Recorder recorder;
    private final long endNs;
    private final List<NodeSample> samples = new ArrayList<>();
    private final Map<Integer, NodeSample> last = new TreeMap<>();
    private volatile boolean stopped;

    NodeSampler(ClusterProbe probe, List<Integer> nodeIds, Recorder recorder, long endNs) {
        this.probe = probe;
        this.nodeIds = List.copyOf(nodeIds);
        this.recorder = recorder;
        this.endNs = endNs;
    }

    @Override
    public void run() {
        while (!stopped && recorder.nowNs() < endNs) {
            Map<Integer, NodeStatus> statuses = probe.statuses();
            long nowNs = recorder.nowNs();
            for (int id : nodeIds) {
                NodeStatus s = statuses.get(id);
                NodeSample sample = s == null ? new NodeSample(nowNs, id, NodeSample.NO_ANSWER, -1, -1, -1, -1)
                        : new NodeSample(nowNs, id, s.role(), s.term(), s.leader(), s.commitIndex(), s.lastApplied());
                keep(sample);
            }
            try {
                Thread.sleep(POLL_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void keep(NodeSample sample) {
        NodeSample before = last.get(sample.node());
        boolean changed = before == null || !before.role().equals(sample.role()) || before.term() != sample.term()
                || before.leader() != sample.leader()
                || sample.timeNs() - before.timeNs() >= KEEP_EVERY_MS * 1_000_000;
        if (!changed || samples.size() >= MAX_SAMPLES) return;
        samples.add(sample);
        last.put(sample.node(), sample);
    }

    void stop() {
        stopped = true;
    }

    synchronized List<NodeSample> samples() {
        return List.copyOf(samples);
    }
}
