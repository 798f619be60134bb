package multidriver.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import multidriver.chaos.client.NodeHttp;
import multidriver.chaos.client.NodeStatus;
import multidriver.chaos.client.Reply;
import multidriver.node.transport.PeerTls;

/**
 * The cluster's HTTP API from the host, only through ports published on 127.0.0.1: each node's {@code /status} and
 * {@code /kv}, and the reverse proxy's HTTPS endpoint, whose certificate must chain to the cluster CA. Every request
 * but {@code /health} carries the bearer token.
 */
final class ClusterApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final NodeHttp http;
    private final String token;
    private final Path caCert;
    private HttpClient proxy;

    ClusterApi(String token, Path caCert, Duration requestTimeout) {
        this.token = token;
        this.caCert = caCert;
        this.http = new NodeHttp(Duration.ofMillis(500), requestTimeout, token);
    }

    /** The compose cluster's API: its token (MULTIDRIVER_TOKEN, else secrets/admin.token) and its CA. */
    static ClusterApi of(ClusterLayout layout, Duration requestTimeout) throws IOException {
        String token = Credentials.readToken(System.getenv("MULTIDRIVER_TOKEN"), layout.secrets().resolve("admin.token"));
        return new ClusterApi(token, layout.tlsDir().resolve("ca.crt"), requestTimeout);
    }

    static URI node(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    Optional<NodeStatus> status(int port) {
        return http.status(node(port));
    }

    Reply put(int port, String key, String value) {
        return http.put(node(port), key, value, null);
    }

    /** The value a node returns for {@code key}, or null (no answer, not found, not JSON). */
    String read(int port, String key) {
        return valueOf(http.get(node(port), key));
    }

    static String valueOf(Reply r) {
        if (!(r instanceof Reply.Answered a) || a.status() != 200) return null;
        try {
            JsonNode v = JSON.readTree(a.body()).path("value");
            return v.isTextual() ? v.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The proxy answers {@code /health} over HTTPS with a certificate of the cluster CA. */
    boolean proxyHealthy() {
        try {
            HttpResponse<Void> r = proxyClient().send(HttpRequest.newBuilder(proxyUri("/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code PUT /kv/KEY} through the proxy: the response (status, X-Node-Id and X-Request-Id headers). */
    HttpResponse<String> putViaProxy(String key, String value) throws IOException, InterruptedException {
        return proxyClient().send(HttpRequest.newBuilder(proxyUri("/kv/" + encode(key)))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String readViaProxy(String key) {
        try {
            HttpResponse<String> r = proxyClient().send(HttpRequest.newBuilder(proxyUri("/kv/" + encode(key)))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return valueOf(new Reply.Answered(r.statusCode(), r.body()));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized HttpClient proxyClient() {
        if (proxy == null) {
            if (!Files.isRegularFile(caCert)) throw new IllegalStateException("no cluster CA at " + caCert);
            proxy = HttpClient.newBuilder().sslContext(PeerTls.trusting(caCert)).connectTimeout(Duration.ofSeconds(2))
                    .version(HttpClient.Version.HTTP_1_1).build();
        }
        return proxy;
    }

    private static URI proxyUri(String path) {
        return URI.create("https://127.0.0.1:" + ClusterLayout.PROXY_HTTPS_PORT + path);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
