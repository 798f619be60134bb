package multidriver.chaos.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The node's HTTP API as the chaos clients use it, one attempt per call, every call bounded by a timeout.
 * Only ever talks to 127.0.0.1 ports (see {@link multidriver.chaos.cluster.ClusterNode#httpBase()}).
 */
public final class NodeHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;
    private final String authorization;

    /** @param apiToken the bearer token sent with every request (the nodes authenticate all but /health) */
    public NodeHttp(Duration connectTimeout, Duration requestTimeout, String apiToken) {
        this(connectTimeout, requestTimeout, apiToken, null);
    }

    /** @param tls for HTTPS (the reverse proxy): trusts the cluster CA only ({@code PeerTls.trusting}); null: plain HTTP */
    public NodeHttp(Duration connectTimeout, Duration requestTimeout, String apiToken, javax.net.ssl.SSLContext tls) {
        this.requestTimeout = requestTimeout;
        this.authorization = "Bearer " + java.util.Objects.requireNonNull(apiToken, "apiToken");
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Daemon threads: a client stuck on a frozen node never keeps the JVM alive.
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "node-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /** Session headers that make a retried write apply at most once (X-Client-Id, X-Request-Seq). */
    public record Session(String clientId, long requestSeq) {
    }

    /** {@code POST /sessions}: registers a client session through the cluster's log (201 with its client id). */
    public Reply register(URI base) {
        return send(HttpRequest.newBuilder(base.resolve("/sessions")).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    public Reply get(URI base, String key) {
        return send(HttpRequest.newBuilder(kvUri(base, key, "")).GET(), null);
    }

    public Reply put(URI base, String key, String value, Session session) {
        return send(HttpRequest.newBuilder(kvUri(base, key, ""))
                .PUT(HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8)), session);
    }

    public Reply cas(URI base, String key, String expected, String value, Session session) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("expected", expected, "value", value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(kvUri(base, key, "/cas"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), session);
    }

    /** The node's /status, or empty when it does not answer 200 with JSON in time. */
    public Optional<NodeStatus> status(URI base) {
        Reply r = send(HttpRequest.newBuilder(base.resolve("/status")).GET(), null);
        if (r instanceof Reply.Answered a && a.status() == 200) {
            return parse(a.body()).map(NodeStatus::fromJson);
        }
        return Optional.empty();
    }

    /** An admin request ({@code /cluster/...}) with a JSON body (null: none). */
    public Reply admin(URI base, String method, String path, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(b, null);
    }

    /** {@code PUT /files/{name}} with the file's bytes; the answer's body is the node's JSON. */
    public Reply putFile(URI base, String name, byte[] content, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(fileUri(base, name))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        return send(b, null, timeout, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code GET /files/{name}}: on 200 the answer's body is the SHA-256 (hex) of the bytes read (streamed on this
     * thread, never held), otherwise the node's JSON. The whole transfer is bounded by {@code timeout}: a body that
     * stalls (a node partitioned mid-download) is cut at the deadline and the download is lost.
     */
    public Reply fileSha(URI base, String name, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(fileUri(base, name)).GET().timeout(timeout)
                .header("Authorization", authorization).build();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return unanswered(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply.Lost("interrupted");
        }
        java.io.InputStream body = response.body();
        // Closing the stream from the watchdog ends a read that waits for bytes that never come.
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }, Math.max(1, deadlineNs - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        try (body) {
            if (response.statusCode() != 200) {
                return new Reply.Answered(response.statusCode(), new String(body.readNBytes(1 << 20),
                        StandardCharsets.UTF_8));
            }
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = body.read(buf)) > 0; ) d.update(buf, 0, n);
            return new Reply.Answered(200, java.util.HexFormat.of().formatHex(d.digest()));
        } catch (IOException e) {
            return new Reply.Lost("the body broke off: " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Cuts file downloads at their deadline (one daemon thread for all clients). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "node-http-watchdog");
                t.setDaemon(true);
                return t;
            });

    private static URI fileUri(URI base, String name) {
        return base.resolve("/files/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    public static Optional<JsonNode> parse(String body) {
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Reply send(HttpRequest.Builder request, Session session) {
        return send(request, session, requestTimeout, HttpResponse.BodyHandlers.ofString());
    }

    private Reply send(HttpRequest.Builder request, Session session, Duration timeout,
                       HttpResponse.BodyHandler<String> handler) {
        request.timeout(timeout).header("Authorization", authorization);
        if (session != null) {
            request.header("X-Client-Id", session.clientId()).header("X-Request-Seq", Long.toString(session.requestSeq()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), handler);
            return new Reply.Answered(response.statusCode(), response.body());
        } catch (IOException e) {
            return unanswered(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply.Lost("interrupted");
        }
    }

    /** A request that got no answer: surely not sent (nothing listens, no connection), or lost on the way. */
    private static Reply unanswered(IOException e) {
        if (e instanceof HttpConnectTimeoutException) return new Reply.NotSent("connect timeout");
        // Refused: nothing listens (the node is down); the request never left the host.
        if (e instanceof ConnectException) return new Reply.NotSent("connection refused");
        return new Reply.Lost(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    private static URI kvUri(URI base, String key, String suffix) {
        return base.resolve("/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + suffix);
    }
}
