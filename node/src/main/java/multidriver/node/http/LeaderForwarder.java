package multidriver.node.http;

import io.javalin.http.Context;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import multidriver.node.server.HostPort;

/**
 * Forwards a client request from a follower to the leader over HTTP and relays the leader's answer unchanged
 * (status and JSON body), adding {@code X-Forwarded-To: <leader id>}. The forwarded request carries
 * {@code X-Forwarded-By: <this id>}; a node that receives a forwarded request and is not the leader answers 503
 * instead of forwarding again, so a request makes at most one hop even while leadership moves. The caller's bearer
 * token goes along: the leader authenticates the request again (every member has the same tokens file), so the
 * session it touches is checked against the same owner.
 */
final class LeaderForwarder {
  static final String FORWARDED_BY = "X-Forwarded-By";
  private static final List<String> PASSED_HEADERS =
      List.of("Content-Type", "Authorization", "X-Request-Id", ClientSession.CLIENT_HEADER, ClientSession.SEQ_HEADER);

  private final int selfId;
  private final Duration timeout;
  private final HttpClient client;

  LeaderForwarder(int selfId, Duration timeout, Executor executor) {
    this.selfId = selfId;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).executor(executor).build();
  }

  /**
   * Sends the request to {@code leaderId} at {@code leaderHttp}; the returned future completes once {@code ctx} holds
   * the answer.
   */
  CompletableFuture<Void> forward(Context ctx, int leaderId, HostPort leaderHttp) {
    String query = ctx.queryString();
    URI uri = URI.create("http://" + leaderHttp + ctx.path() + (query == null ? "" : "?" + query));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()))
        .header(FORWARDED_BY, Integer.toString(selfId));
    for (String h : PASSED_HEADERS) {
      String v = ctx.header(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((resp, failure) -> {
      if (failure == null) {
        ctx.header("X-Forwarded-To", Integer.toString(leaderId));
        Json.write(ctx, resp.statusCode(), resp.headers().firstValue("Content-Type").orElse("application/json"),
            resp.body());
        return null;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
        Json.error(ctx, 503, "leader unreachable", "leader", leaderId, "applied", false);
      } else if (cause instanceof HttpTimeoutException) {
        Json.error(ctx, 504, "timeout waiting for the leader; outcome unknown", "leader", leaderId);
      } else {
        Json.error(ctx, 503, "forwarding to leader failed; outcome unknown: " + cause, "leader", leaderId);
      }
      return null;
    });
  }
}
