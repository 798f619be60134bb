package multidriver.chaos.client;

import java.time.Duration;
import java.util.List;
import multidriver.chaos.cluster.ClusterNode;

/**
 * {@link FileClient} for multi-driver nodes over {@code /files}: each operation goes to the home node first and, when
 * a node surely did nothing (not reachable, 503 with {@code "applied": false}), to the next, at most once per node.
 * An upload is one attempt per node and never retried after an unknown outcome: a second attempt would be another
 * upload of the same name, which the node refuses or races.
 */
public final class MultiDriverFileClient implements FileClient {
    private final NodeHttp http;
    private final List<ClusterNode> nodes;
    private final int home;
    private final Duration timeout;

    public MultiDriverFileClient(NodeHttp http, List<ClusterNode> nodes, int home, Duration timeout) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.home = home;
        this.timeout = timeout;
    }

    @Override
    public Completion upload(String name, byte[] content) {
        String last = "no node tried";
        for (int i = 0; i < nodes.size(); i++) {
            Reply r = http.putFile(nodes.get((home + i) % nodes.size()).httpBase(), name, content, timeout);
            if (r instanceof Reply.Answered a) {
                if (a.status() == 201) return Completion.ok(null);
                if (a.status() == 504 || a.status() >= 500 && !a.body().contains("\"applied\":false")) {
                    return Completion.info("HTTP " + a.status() + " " + a.body());
                }
                if (a.status() != 503) return Completion.refused("HTTP " + a.status() + " " + a.body());
                last = "HTTP 503 " + a.body(); // not stored: try the next node
            } else if (r instanceof Reply.NotSent n) {
                last = n.reason();
            } else {
                return Completion.info(((Reply.Lost) r).reason());
            }
        }
        return Completion.fail(last);
    }

    @Override
    public Completion download(String name) {
        String last = "no node tried";
        for (int i = 0; i < nodes.size(); i++) {
            Reply r = http.fileSha(nodes.get((home + i) % nodes.size()).httpBase(), name, timeout);
            if (r instanceof Reply.Answered a) {
                if (a.status() == 200) return Completion.ok(a.body());
                if (a.status() == 404) return Completion.ok(null);
                last = "HTTP " + a.status() + " " + a.body();
            } else {
                last = r.toString();
            }
        }
        return Completion.fail(last);
    }

    @Override
    public void close() {
        // HTTP connections belong to the shared NodeHttp.
    }
}
