package multidriver.chaos.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import multidriver.chaos.cluster.ClusterNode;

/**
 * Runs one client operation against the cluster, with bounded retries, and classifies how it ended.
 *
 * <p>Classification (Jepsen's): {@code :ok} on a success answer; {@code :fail} only when the operation surely had
 * no effect (a definite 4xx answer such as 409 "cas failed", or every attempt refused before sending);
 * {@code :info} when it may or may not have happened (timeouts, resets, 5xx after the request reached a node).
 *
 * <p>Retries go to the next node and reuse the op's {@code X-Client-Id}/{@code X-Request-Seq}, so a write
 * whose first attempt did reach the leader is applied at most once (the node's session table answers the retry
 * from the first attempt's result): the whole retried op still takes effect once, inside its
 * invoke..complete interval, which is all linearizability asks of it.
 */
public final class OpExecutor {
    private static final long BACKOFF_MS = 50;

    private final NodeHttp http;
    private final List<ClusterNode> nodes;
    private final int maxAttempts;
    private final long opDeadlineNs;

    public OpExecutor(NodeHttp http, List<ClusterNode> nodes, int maxAttempts, long opDeadlineNs) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.maxAttempts = maxAttempts;
        this.opDeadlineNs = opDeadlineNs;
    }

    /**
     * Registers a client session (thesis §6.3), trying the nodes in turn; the client id, or empty when no node
     * registered one in time (a registration that timed out may have opened a session nobody uses: it expires).
     */
    public Optional<String> register(int homeNode) {
        long deadline = System.nanoTime() + opDeadlineNs;
        for (int i = 0; i < maxAttempts && System.nanoTime() < deadline; i++) {
            ClusterNode node = nodes.get((homeNode + i) % nodes.size());
            if (http.register(node.httpBase()) instanceof Reply.Answered a && a.status() == 201) {
                Optional<String> id = NodeHttp.parse(a.body()).map(j -> j.path("clientId").asText(""))
                        .filter(s -> !s.isEmpty());
                if (id.isPresent()) return id;
            }
            sleepMs(BACKOFF_MS * (i + 1));
        }
        return Optional.empty();
    }

    public Completion read(int homeNode, String key) {
        return run(homeNode, base -> http.get(base, key), true);
    }

    public Completion write(int homeNode, String key, long value, NodeHttp.Session session) {
        return run(homeNode, base -> http.put(base, key, Long.toString(value), session), false);
    }

    public Completion cas(int homeNode, String key, long expected, long value, NodeHttp.Session session) {
        return run(homeNode, base -> http.cas(base, key, Long.toString(expected), Long.toString(value), session), false);
    }

    private Completion run(int homeNode, Function<URI, Reply> attempt, boolean isRead) {
        long deadline = System.nanoTime() + opDeadlineNs;
        boolean mayHaveApplied = false;
        String lastError = "no attempt";
        for (int i = 0; i < maxAttempts && System.nanoTime() < deadline; i++) {
            ClusterNode node = nodes.get((homeNode + i) % nodes.size());
            Reply reply = attempt.apply(node.httpBase());
            if (reply instanceof Reply.Answered a) {
                int s = a.status();
                if (s >= 200 && s < 300) {
                    return Completion.ok(isRead ? readValue(a.body()) : null);
                }
                if (isRead && s == 404) {
                    return Completion.ok(null); // the key does not exist (yet)
                }
                if (s == 410) {
                    // Session expired: this attempt was not applied, an earlier one may have been. Retrying the
                    // same sequence number can only get 410 again.
                    return mayHaveApplied ? Completion.info("410 " + errorOf(a.body())) : Completion.fail("410 " + errorOf(a.body()));
                }
                if (s >= 400 && s < 500 && s != 408 && s != 429) {
                    return Completion.fail(s + " " + errorOf(a.body())); // decided by the state machine, or refused
                }
                // 3xx (not followed: it names a container address), 408/429, and 5xx: 503 carries
                // "applied": false when the node surely did not propose it; 504 and others leave it unknown.
                mayHaveApplied |= s >= 500 && !definitelyNotApplied(a.body());
                lastError = node.name() + ": " + s + " " + errorOf(a.body());
            } else if (reply instanceof Reply.Lost l) {
                mayHaveApplied = true;
                lastError = node.name() + ": " + l.reason();
            } else if (reply instanceof Reply.NotSent n) {
                lastError = node.name() + ": " + n.reason();
            }
            sleepMs(BACKOFF_MS * (i + 1));
        }
        // For a read, :info only says that no answer came (a read changes nothing either way).
        return mayHaveApplied ? Completion.info(lastError) : Completion.fail(lastError);
    }

    /** The read value: a number when it parses as one (what the workload writes), else the text. */
    static Object readValue(String body) {
        Optional<JsonNode> json = NodeHttp.parse(body);
        JsonNode v = json.map(j -> j.get("value")).orElse(null);
        if (v == null || v.isNull()) {
            return null;
        }
        String text = v.asText();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static boolean definitelyNotApplied(String body) {
        return NodeHttp.parse(body).map(j -> j.path("applied").isBoolean() && !j.path("applied").asBoolean()).orElse(false);
    }

    private static String errorOf(String body) {
        return NodeHttp.parse(body).map(j -> j.path("error").asText("")).filter(s -> !s.isEmpty())
                .orElse(body.length() > 120 ? body.substring(0, 120) : body);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
