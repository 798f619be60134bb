package multidriver.node.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import multidriver.core.raft.Role;
import multidriver.server.NodeStatus;

/**
 * Node metrics in the Prometheus text exposition format (version 0.0.4): Raft gauges read from the latest
 * {@link NodeStatus}, transport counters, and HTTP request counts and latency per route.
 */
public final class Metrics {
  /** Counters owned by other parts of the node, sampled when {@code /metrics} is scraped. */
  public record Counters(long framesSent, long framesDropped, long framesReceived, long framesRefused,
      long peerConnects, long peerMessagesDropped, int queuedClientRequests, long maxLoopIterationNs,
      long slowLoopIterations, boolean tokensFileValid) {}

  private final Supplier<NodeStatus> status;
  private final Supplier<Counters> counters;
  private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LatencyHistogram> latency = new ConcurrentHashMap<>();

  public Metrics(Supplier<NodeStatus> status, Supplier<Counters> counters) {
    this.status = status;
    this.counters = counters;
  }

  /** Records one finished HTTP request. {@code route} is a fixed label such as {@code "PUT /kv/{key}"}. */
  public void recordRequest(String route, int httpStatus, long nanos) {
    requests.computeIfAbsent(route + "\u0000" + httpStatus, k -> new LongAdder()).increment();
    latency.computeIfAbsent(route, k -> new LatencyHistogram()).record(nanos);
  }

  public String render() {
    NodeStatus s = status.get();
    Counters c = counters.get();
    StringBuilder out = new StringBuilder(4096);
    gauge(out, "raft_term", "Current Raft term.", s.term());
    out.append("# HELP raft_role 1 for the role this node plays now.\n# TYPE raft_role gauge\n");
    for (Role r : Role.values()) {
      out.append("raft_role{role=\"").append(r.name()).append("\"} ").append(r == s.role() ? 1 : 0).append('\n');
    }
    gauge(out, "raft_is_leader", "1 if this node is the leader.", s.isLeader() ? 1 : 0);
    gauge(out, "raft_leader_id", "Id of the known leader, -1 if none.", s.leader());
    gauge(out, "raft_commit_index", "Highest log index known committed.", s.commitIndex());
    gauge(out, "raft_last_applied", "Highest log index applied to the KV state machine.", s.lastApplied());
    gauge(out, "raft_apply_lag", "Committed but not yet applied entries.", s.commitIndex() - s.lastApplied());
    gauge(out, "raft_last_log_index", "Index of the last entry in this node's log.", s.lastLogIndex());
    gauge(out, "node_queued_client_requests", "Client requests waiting for the event loop.",
        c.queuedClientRequests());
    out.append("# HELP node_loop_iteration_max_seconds Longest event-loop iteration since the last scrape.\n")
        .append("# TYPE node_loop_iteration_max_seconds gauge\n")
        .append("node_loop_iteration_max_seconds ").append(c.maxLoopIterationNs() / 1e9).append('\n');
    gauge(out, "http_tokens_file_valid", "0 while the changed tokens file does not parse (every token refused).",
        c.tokensFileValid() ? 1 : 0);
    counter(out, "node_loop_slow_iterations_total", "Event-loop iterations longer than 100 ms.",
        c.slowLoopIterations());
    counter(out, "raft_frames_sent_total", "Raft frames written to peers.", c.framesSent());
    counter(out, "raft_frames_dropped_total", "Raft frames dropped (full queue or dead link).", c.framesDropped());
    counter(out, "raft_frames_received_total", "Raft frames accepted from peers.", c.framesReceived());
    counter(out, "raft_frames_refused_total", "Frames refused (other cluster, unknown sender, malformed).",
        c.framesRefused());
    counter(out, "raft_peer_connects_total", "Outbound peer connections established.", c.peerConnects());
    counter(out, "raft_inbound_dropped_total", "Peer messages dropped because the event loop was behind.",
        c.peerMessagesDropped());
    out.append("# HELP http_requests_total HTTP requests by route and status.\n# TYPE http_requests_total counter\n");
    Map<String, Long> sortedRequests = new TreeMap<>();
    requests.forEach((k, v) -> sortedRequests.put(k, v.sum()));
    sortedRequests.forEach((k, v) -> {
      String[] parts = k.split("\u0000");
      out.append("http_requests_total{route=\"").append(parts[0]).append("\",status=\"").append(parts[1])
          .append("\"} ").append(v).append('\n');
    });
    out.append("# HELP http_request_duration_seconds HTTP request latency by route.\n")
        .append("# TYPE http_request_duration_seconds histogram\n");
    new TreeMap<>(latency).forEach((route, h) ->
        h.render(out, "http_request_duration_seconds", "route=\"" + route + "\""));
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
  }
}
