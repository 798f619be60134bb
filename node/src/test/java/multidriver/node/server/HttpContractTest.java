package multidriver.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import multidriver.node.TestSecrets;

/** The HTTP contract other tools rely on (chaos clients, scripts), checked against a live 3-node cluster. */
class HttpContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestCluster cluster;
  static int leader;
  static int follower;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestCluster(3, dir, Map.of("MAX_KEY_BYTES", "16", "MAX_VALUE_BYTES", "64", "REQUEST_ARRIVAL_MS", "2000")).startAll();
    leader = cluster.awaitLeader();
    follower = cluster.anyFollower(leader);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> call(int node, String method, String path, String body, String... headers)
      throws Exception {
    return cluster.http(node, method, path, body, headers);
  }

  @Test
  void healthAndStatusDescribeTheNode() throws Exception {
    HttpResponse<String> health = call(follower, "GET", "/health", null);
    assertEquals(200, health.statusCode());
    assertEquals("UP", json(health).get("status").asText());

    JsonNode status = json(call(leader, "GET", "/status", null));
    assertEquals(leader, status.get("id").asInt());
    assertEquals("LEADER", status.get("role").asText());
    assertEquals(leader, status.get("leader").asInt());
    for (String field : new String[] {"term", "commitIndex", "lastApplied", "lastLogIndex"}) {
      assertTrue(status.get(field).isNumber(), field);
    }
    assertEquals(3, status.get("peers").size());
    assertTrue(status.get("peers").get(follower).get("matchIndex").isNumber(), "leader reports matchIndex");
    JsonNode followerStatus = json(call(follower, "GET", "/status", null));
    assertEquals("FOLLOWER", followerStatus.get("role").asText());
    assertTrue(followerStatus.get("peers").get(leader).get("matchIndex") == null, "only the leader has matchIndex");
  }

  @Test
  void putGetDeleteAndMissingKeys() throws Exception {
    HttpResponse<String> put = call(follower, "PUT", "/kv/a", "1");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("a", json(put).get("key").asText());
    assertTrue(json(put).get("index").asLong() > 0);
    assertEquals("1", json(call(leader, "GET", "/kv/a", null)).get("value").asText());
    HttpResponse<String> del = call(follower, "DELETE", "/kv/a", null);
    assertEquals(200, del.statusCode(), del.body());
    HttpResponse<String> missing = call(follower, "GET", "/kv/a", null);
    assertEquals(404, missing.statusCode());
    assertEquals("not found", json(missing).get("error").asText());
    assertEquals("a", json(missing).get("key").asText());
    assertEquals(404, call(leader, "DELETE", "/kv/a", null).statusCode());
  }

  @Test
  void compareAndSet() throws Exception {
    String create = "{\"expected\":null,\"value\":\"v1\"}";
    assertEquals(200, call(follower, "POST", "/kv/c/cas", create).statusCode());
    HttpResponse<String> conflict = call(follower, "POST", "/kv/c/cas", "{\"expected\":\"zzz\",\"value\":\"v2\"}");
    assertEquals(409, conflict.statusCode(), conflict.body());
    assertEquals("cas failed", json(conflict).get("error").asText());
    assertEquals("v1", json(conflict).get("current").asText());
    HttpResponse<String> ok = call(leader, "POST", "/kv/c/cas", "{\"expected\":\"v1\",\"value\":\"v2\"}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("v2", json(ok).get("value").asText());
    HttpResponse<String> absent = call(leader, "POST", "/kv/nothing/cas", "{\"expected\":\"x\",\"value\":\"y\"}");
    assertEquals(404, absent.statusCode(), absent.body());
    assertEquals(400, call(leader, "POST", "/kv/c/cas", "not json").statusCode());
    assertEquals(400, call(leader, "POST", "/kv/c/cas", "{\"value\":\"v\"}").statusCode());
  }

  /** Registers a session through the log (via a follower: forwarded) and returns its client id. */
  private String register() throws Exception {
    HttpResponse<String> r = call(follower, "POST", "/sessions", "");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).get("clientId").asText();
  }

  @Test
  void aRetriedRequestIsAppliedOnce() throws Exception {
    String id = register();
    String[] session = {"X-Client-Id", id, "X-Request-Seq", "1"};
    HttpResponse<String> first = call(follower, "PUT", "/kv/once", "first", session);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(200, call(leader, "PUT", "/kv/once", "overwritten by someone else").statusCode());
    // The client did not see its answer and retries: the retry must not apply "first" again (thesis §6.3).
    HttpResponse<String> retry = call(follower, "PUT", "/kv/once", "first", session);
    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals("overwritten by someone else", json(call(leader, "GET", "/kv/once", null)).get("value").asText());
    assertEquals(400, call(leader, "PUT", "/kv/once", "x", "X-Client-Id", "7").statusCode(), "seq missing");
    assertEquals(400, call(leader, "PUT", "/kv/once", "x", "X-Client-Id", "7", "X-Request-Seq", "0").statusCode());
    assertEquals(400, call(leader, "PUT", "/kv/once", "x", "X-Client-Id", "client-42", "X-Request-Seq", "1")
        .statusCode(), "only ids the cluster issued");
  }

  /** The probe of the issue: the same id and seq with another request is refused, never answered with the first. */
  @Test
  void aReusedSequenceNumberWithAnotherRequestIsRefusedWith409() throws Exception {
    String id = register();
    assertEquals(200, call(leader, "PUT", "/kv/a", "1", "X-Client-Id", id, "X-Request-Seq", "1").statusCode());
    HttpResponse<String> other = call(leader, "PUT", "/kv/never-written", "9", "X-Client-Id", id, "X-Request-Seq", "1");
    assertEquals(409, other.statusCode(), other.body());
    assertEquals(false, json(other).get("applied").asBoolean());
    HttpResponse<String> delete = call(follower, "DELETE", "/kv/a", null, "X-Client-Id", id, "X-Request-Seq", "1");
    assertEquals(409, delete.statusCode(), delete.body());
    assertEquals(404, call(leader, "GET", "/kv/never-written", null).statusCode());
    assertEquals("1", json(call(leader, "GET", "/kv/a", null)).get("value").asText(), "the delete did nothing");
  }

  static final String[] ALICE = {"Authorization", TestSecrets.bearer(TestSecrets.ALICE_TOKEN)};
  static final String[] MALLORY = {"Authorization", TestSecrets.bearer(TestSecrets.MALLORY_TOKEN)};
  static final String[] READER = {"Authorization", TestSecrets.bearer(TestSecrets.READER_TOKEN)};
  static final String[] NOBODY = {"Authorization", ""};

  static String[] with(String[] auth, String... more) {
    String[] all = java.util.Arrays.copyOf(auth, auth.length + more.length);
    System.arraycopy(more, 0, all, auth.length, more.length);
    return all;
  }

  @Test
  void healthIsOpenAndEveryOtherRouteNeedsATokenWithTheRightRole() throws Exception {
    assertEquals(200, call(leader, "GET", "/health", null, NOBODY).statusCode());
    HttpResponse<String> anonymous = call(follower, "PUT", "/kv/auth", "1", NOBODY);
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertTrue(json(anonymous).get("error").asText().contains("Bearer"), anonymous.body());
    assertEquals(401, call(leader, "GET", "/kv/auth", null, "Authorization", "Bearer not-a-token-of-ours-at-all")
        .statusCode());
    assertEquals(401, call(leader, "GET", "/kv/auth", null, "Authorization", "Basic YWxpY2U6eA==").statusCode());
    assertEquals(401, call(leader, "GET", "/status", null, NOBODY).statusCode(), "peer addresses are not public");
    HttpResponse<String> status = call(leader, "GET", "/status", null, ALICE);
    assertEquals(403, status.statusCode(), status.body());
    assertEquals("admin", json(status).get("needed").asText());
    assertEquals(403, call(leader, "GET", "/metrics", null, READER).statusCode());
    assertEquals(403, call(follower, "PUT", "/kv/auth", "1", READER).statusCode(), "read role cannot write");
    assertEquals(403, call(follower, "POST", "/sessions", "", READER).statusCode());
    assertEquals(404, call(follower, "GET", "/kv/auth", null, READER).statusCode(), "nothing was written");
    assertEquals(200, call(follower, "PUT", "/kv/auth", "1", ALICE).statusCode());
    assertEquals(200, call(follower, "GET", "/kv/auth", null, READER).statusCode());
  }

  /** The probe of the issue: a stranger's seq 1000 on the owner's id no longer makes the owner's next request 410. */
  @Test
  void aClientIdBelongsToTheTokenThatRegisteredIt() throws Exception {
    HttpResponse<String> reg = call(follower, "POST", "/sessions", "", ALICE);
    assertEquals(201, reg.statusCode(), reg.body());
    String id = json(reg).get("clientId").asText();
    assertEquals(200, call(follower, "PUT", "/kv/owned", "alice-1",
        with(ALICE, "X-Client-Id", id, "X-Request-Seq", "1")).statusCode());
    for (int node : new int[] {leader, follower}) {
      HttpResponse<String> stolen = call(node, "PUT", "/kv/owned", "mallory",
          with(MALLORY, "X-Client-Id", id, "X-Request-Seq", "1000"));
      assertEquals(403, stolen.statusCode(), stolen.body());
      assertEquals(false, json(stolen).get("applied").asBoolean());
      HttpResponse<String> replayed = call(node, "PUT", "/kv/owned", "alice-1",
          with(MALLORY, "X-Client-Id", id, "X-Request-Seq", "1"));
      assertEquals(403, replayed.statusCode(), "the owner's cached answer is not the stranger's: " + replayed.body());
    }
    HttpResponse<String> next = call(follower, "PUT", "/kv/owned", "alice-2",
        with(ALICE, "X-Client-Id", id, "X-Request-Seq", "2"));
    assertEquals(200, next.statusCode(), "the stranger did not move alice's session: " + next.body());
    assertEquals("alice-2", json(call(leader, "GET", "/kv/owned", null)).get("value").asText());
  }

  @Test
  void aTokenAddedOrRevokedInTheFileTakesEffectWithoutARestart() throws Exception {
    Path tokens = TestSecrets.tokensFile(dir);
    String original = java.nio.file.Files.readString(tokens);
    String fresh = "fresh-token-0123456789abcdef";
    String[] freshAuth = {"Authorization", TestSecrets.bearer(fresh)};
    try {
      assertEquals(401, call(leader, "GET", "/kv/rotated", null, freshAuth).statusCode());
      java.nio.file.Files.writeString(tokens, original + "read fresh " + fresh + "\n");
      TestCluster.await("the new token accepted", () -> statusOf(leader, freshAuth) == 404);
      java.nio.file.Files.writeString(tokens, original);
      TestCluster.await("the revoked token refused", () -> statusOf(leader, freshAuth) == 401);
      // A typo while revoking fails closed: no token at all is accepted until the file parses again.
      java.nio.file.Files.writeString(tokens, original + "not a valid line\n");
      String[] admin = {"Authorization", TestSecrets.bearer(TestSecrets.ADMIN_TOKEN)};
      TestCluster.await("a broken file refuses every token", () -> statusOf(leader, admin) == 401);
      HttpResponse<String> refused = call(leader, "GET", "/kv/rotated", null, admin);
      assertTrue(json(refused).get("error").asText().contains("does not parse"), refused.body());
    } finally {
      java.nio.file.Files.writeString(tokens, original);
      String[] admin = {"Authorization", TestSecrets.bearer(TestSecrets.ADMIN_TOKEN)};
      for (int node = 0; node < 3; node++) {
        int n = node;
        TestCluster.await("node " + n + " accepts tokens again", () -> statusOf(n, admin) == 404);
      }
    }
  }

  private static int statusOf(int node, String[] auth) {
    try {
      return call(node, "GET", "/kv/rotated", null, auth).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Slowloris: one header line every 500 ms renews Jetty's idle timeout forever, but not the arrival deadline. */
  @Test
  void aRequestWhoseHeadersNeverFinishArrivingIsClosed() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", cluster.nodes[follower].httpPort())) {
      s.setSoTimeout(500);
      java.io.OutputStream out = s.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      boolean closed = false;
      while (!closed && System.nanoTime() - start < 15_000_000_000L) {
        try {
          out.write("X-Slow: 1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          closed = s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
          // keep trickling
        } catch (java.io.IOException reset) {
          closed = true;
        }
      }
      assertTrue(closed, "the trickling connection was closed");
    }
    assertEquals(200, call(follower, "GET", "/health", null).statusCode(), "a normal request still works");
  }

  /**
   * The regression the flaky test found: a body arriving after a sweep must not start the headers clock, or an idle
   * keep-alive connection is closed under its client (whose next request then gets no bytes at all).
   */
  @Test
  void anIdleKeepAliveConnectionWhoseLastBodyCameLateStaysOpen() throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", cluster.nodes[leader].httpPort())) {
      s.setSoTimeout(10_000);
      java.io.OutputStream out = s.getOutputStream();
      String auth = "Authorization: " + TestSecrets.bearer(TestSecrets.ADMIN_TOKEN) + "\r\n";
      out.write(("PUT /kv/keepalive HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(1_300); // the body comes after a sweep of the arrival deadline
      out.write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII));
      assertTrue(in.readLine().contains(" 200"), "first answer");
      String line;
      int length = 0;
      while (!(line = in.readLine()).isEmpty()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      for (int i = 0; i < length; i++) {
        in.read();
      }
      Thread.sleep(3_500); // idle for longer than REQUEST_ARRIVAL_MS (2 s here)
      out.write(("GET /kv/keepalive HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String status = in.readLine();
      assertTrue(status != null && status.contains(" 200"), "the idle connection still serves: " + status);
    }
  }

  @Test
  void emptyKeysHeadAndJettysOwnErrorsAllAnswerJson() throws Exception {
    for (String method : new String[] {"GET", "PUT", "DELETE"}) {
      HttpResponse<String> r = call(leader, method, "/kv/", method.equals("PUT") ? "v" : null);
      assertEquals(400, r.statusCode(), method + " " + r.body());
      assertEquals("empty key", json(r).get("error").asText());
    }
    assertEquals(404, call(follower, "HEAD", "/kv/never-there", null).statusCode(), "HEAD follows GET");
    assertEquals(200, call(leader, "PUT", "/kv/here", "1").statusCode());
    assertEquals(200, call(leader, "HEAD", "/kv/here", null).statusCode());
    HttpResponse<String> nul = call(leader, "GET", "/kv/a%00b", null);
    assertTrue(nul.statusCode() >= 400 && nul.statusCode() < 500, nul.statusCode() + " " + nul.body());
    assertTrue(json(nul).has("error"), "JSON, not an HTML page: " + nul.body());
    HttpResponse<String> huge = call(leader, "GET", "/kv/" + "k".repeat(20_000), null);
    assertTrue(huge.statusCode() >= 400 && huge.statusCode() < 500, huge.statusCode() + " " + huge.body());
    assertTrue(json(huge).has("error"), "JSON, not an HTML page: " + huge.body());
  }

  @Test
  void aValueThatIsNotUtf8IsRefusedNotReplaced() throws Exception {
    java.net.http.HttpRequest put = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
        + cluster.nodes[leader].httpPort() + "/kv/bytes"))
        .header("Authorization", multidriver.node.TestSecrets.bearer(multidriver.node.TestSecrets.ADMIN_TOKEN))
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {'o', 'k', (byte) 0xC3})).build();
    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode(), r.body());
    assertEquals(404, call(leader, "GET", "/kv/bytes", null).statusCode());
  }

  @Test
  void anUnknownSessionIsRefusedAsExpiredAndNothingIsApplied() throws Exception {
    HttpResponse<String> r = call(leader, "PUT", "/kv/ghost", "1", "X-Client-Id", "999999", "X-Request-Seq", "1");
    assertEquals(410, r.statusCode(), r.body());
    assertTrue(json(r).get("error").asText().contains("POST /sessions"), r.body());
    assertEquals(404, call(leader, "GET", "/kv/ghost", null).statusCode());
  }

  @Test
  void limitsAndUnknownRoutesAnswerJson() throws Exception {
    HttpResponse<String> bigValue = call(leader, "PUT", "/kv/k", "x".repeat(65));
    assertEquals(413, bigValue.statusCode());
    assertTrue(json(bigValue).has("error"));
    assertEquals(413, call(leader, "PUT", "/kv/" + "k".repeat(17), "v").statusCode());
    HttpResponse<String> hugeBody = call(follower, "PUT", "/kv/k", "x".repeat(200_000));
    assertEquals(413, hugeBody.statusCode());
    assertTrue(json(hugeBody).has("error"), hugeBody.body());
    HttpResponse<String> unknown = call(follower, "GET", "/no/such/thing", null);
    assertEquals(404, unknown.statusCode());
    assertEquals("no such route", json(unknown).get("error").asText());
    assertEquals(404, call(follower, "PATCH", "/kv/k", "v").statusCode());
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertEquals(200, call(leader, "PUT", "/kv/m", Integer.toString(i)).statusCode());
    }
    HttpResponse<String> m = call(leader, "GET", "/metrics", null);
    assertEquals(200, m.statusCode());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    for (String series : new String[] {"raft_term ", "raft_role{role=\"LEADER\"} 1", "raft_commit_index ",
        "raft_apply_lag ", "http_request_duration_seconds_bucket{route=\"PUT /kv/{key}\""}) {
      assertTrue(m.body().contains(series), "missing " + series + " in\n" + m.body());
    }
    java.util.regex.Matcher count = java.util.regex.Pattern
        .compile("http_request_duration_seconds_count\\{route=\"PUT /kv/\\{key}\"} (\\d+)").matcher(m.body());
    assertTrue(count.find(), m.body());
    assertTrue(Long.parseLong(count.group(1)) >= 20, "every answered PUT is counted: " + count.group(1));
  }
}
