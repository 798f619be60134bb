package multidriver.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import multidriver.core.kv.KvCommand;
import multidriver.server.ClientRequest;
import multidriver.server.MembershipChange;
import multidriver.node.http.auth.Authenticator;
import multidriver.node.http.auth.Credential;
import multidriver.node.http.auth.Role;
import multidriver.node.server.EventLoop;
import multidriver.node.server.NodeConfig;
import multidriver.server.Answer;
import multidriver.server.NodeStatus;
import multidriver.server.Outcome;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.MDC;

/**
 * The client-facing HTTP API (Javalin). Every response body is JSON except {@code /metrics}. See
 * {@code node/README.md} for the full contract; in short:
 * <ul>
 *   <li>{@code GET /health}, {@code GET /status}, {@code GET /metrics} answer from this node's own view;</li>
 *   <li>every route but {@code /health} needs {@code Authorization: Bearer <token>} from {@code TOKENS_FILE}: reads
 *       the read role, writes and {@code POST /sessions} write, {@code /status} and {@code /metrics} admin (401
 *       without a valid token, 403 with too small a role); a session belongs to the token that registered it;</li>
 *   <li>{@code /kv/...} and the cluster's admin requests are executed by the leader: a follower's server core
 *       forwards them over the members' Raft link (one hop) and answers with the leader's outcome; with no known
 *       leader it answers 503;</li>
 *   <li>writes are answered after their entry is applied; reads go through ReadIndex (linearizable) unless the node
 *       runs with {@code UNSAFE_STALE_READS=true};</li>
 *   <li>waits are bounded by {@code REQUEST_TIMEOUT_MS}: 504 means the outcome is unknown.</li>
 * </ul>
 */
public final class HttpApi implements AutoCloseable {
  private static final String ROUTE = "route";
  private static final String PENDING = "pendingAnswer";
  private static final String STARTED_NS = "startedNs";
  private static final String CREDENTIAL = "credential";
  private static final int HTTP_MAX_THREADS = 32;
  private static final int ACCEPT_QUEUE = 4096;
  /** Open HTTP connections at most; beyond, Jetty stops accepting until some close (no thread or memory per idle one). */
  static final int MAX_CONNECTIONS = 4096;
  /** Bound on a member id an operator may add (ids stay small numbers; each names a certificate node-<id>). */
  static final int MAX_MEMBER_ID = 1 << 20;
  /** A connection silent this long is closed: keep-alive clients reconnect, slowloris holders lose their slot. */
  static final long IDLE_TIMEOUT_MS = 30_000;
  /** A request body that trickles in slower than this is dropped; headers are bounded by {@link RequestArrivalDeadline}. */
  static final long MIN_REQUEST_BYTES_PER_SECOND = 256;

  private final NodeConfig config;
  private final String nodeId;
  private final EventLoop loop;
  private final Metrics metrics;
  private final ExecutorService completions;
  private final Authenticator auth;
  private final RequestArrivalDeadline arrivalDeadline;
  private final FileApi files;
  private Javalin app;

  /**
   * @param announcedWireVersion what each peer last announced as its wire version (0: nothing), for the files
   *                             version gate
   */
  public HttpApi(NodeConfig config, EventLoop loop, Metrics metrics, Authenticator auth,
                 java.util.function.IntUnaryOperator announcedWireVersion) {
    this.config = config;
    this.auth = auth;
    this.arrivalDeadline = new RequestArrivalDeadline(config.requestArrivalMs(), Integer.toString(config.nodeId()));
    this.nodeId = Integer.toString(config.nodeId());
    this.loop = loop;
    this.metrics = metrics;
    this.files = new FileApi(config, loop, announcedWireVersion);
    // Answers are rendered off the event-loop thread, which only completes futures.
    this.completions = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-complete-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts listening on {@code HTTP_PORT} (0 picks a free port) and returns the bound port. */
  public int start() {
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      // Small JSON answers: compression would cost more CPU than it saves bytes.
      c.http.compressionStrategy = CompressionStrategy.NONE;
      // Requests wait asynchronously (ctx.future), so few threads suffice; fewer threads, less switching.
      c.jetty.threadPool = new QueuedThreadPool(HTTP_MAX_THREADS, 4);
      c.http.maxRequestSize = config.maxValueBytes() + 64L * 1024;
      c.jetty.modifyHttpConfiguration(http -> {
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
      });
      c.jetty.addConnector((server, httpConfig) -> {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        connector.setHost(config.bindHost());
        connector.setPort(config.httpPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addBean(new org.eclipse.jetty.server.NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        connector.addBean(arrivalDeadline); // every connection of this connector reports open and close to it
        // Java's default listen backlog is 50: when 1,024 clients connect at once the kernel drops handshakes,
        // and the first request on such a connection waits for TCP retransmissions (1 s, 3 s, ...).
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
      });
      c.routes.get("/health", timed("GET /health", null, this::health));
      c.routes.get("/status", timed("GET /status", Role.ADMIN, this::status));
      c.routes.get("/metrics", timed("GET /metrics", Role.ADMIN, ctx ->
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render())));
      c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      c.routes.get("/kv/{key}", timed("GET /kv/{key}", Role.READ, this::get));
      // HEAD answers what GET would (status and headers, no body): a missing key is 404, not 200.
      c.routes.head("/kv/{key}", timed("HEAD /kv/{key}", Role.READ, this::get));
      for (String empty : new String[] {"/kv", "/kv/"}) {
        c.routes.get(empty, timed("GET /kv/", Role.READ, HttpApi::emptyKey));
        c.routes.put(empty, timed("PUT /kv/", Role.WRITE, HttpApi::emptyKey));
        c.routes.delete(empty, timed("DELETE /kv/", Role.WRITE, HttpApi::emptyKey));
      }
      c.routes.put("/kv/{key}", timed("PUT /kv/{key}", Role.WRITE, this::put));
      c.routes.post("/kv/{key}/cas", timed("POST /kv/{key}/cas", Role.WRITE, this::cas));
      c.routes.delete("/kv/{key}", timed("DELETE /kv/{key}", Role.WRITE, this::delete));
      c.routes.post("/sessions", timed("POST /sessions", Role.WRITE, this::register));
      c.routes.put("/files/{name}", timed("PUT /files/{name}", Role.WRITE, ctx -> files.put(ctx, owner(ctx))));
      c.routes.get("/files/{name}", timed("GET /files/{name}", Role.READ, ctx -> files.get(ctx, false)));
      c.routes.head("/files/{name}", timed("HEAD /files/{name}", Role.READ, ctx -> files.get(ctx, true)));
      c.routes.delete("/files/{name}", timed("DELETE /files/{name}", Role.WRITE,
          ctx -> files.delete(ctx, owner(ctx))));
      for (String all : new String[] {"/files", "/files/"}) {
        c.routes.get(all, timed("GET /files", Role.READ, files::list));
      }
      c.routes.post("/cluster/transfer-leadership",
          timed("POST /cluster/transfer-leadership", Role.ADMIN, this::transferLeadership));
      c.routes.get("/cluster", timed("GET /cluster", Role.ADMIN, this::cluster));
      c.routes.post("/cluster/members", timed("POST /cluster/members", Role.ADMIN, this::addMember));
      c.routes.delete("/cluster/members/{id}", timed("DELETE /cluster/members/{id}", Role.ADMIN, this::removeMember));
      c.routes.error(404, ctx -> {
        if (ctx.attribute(ROUTE) == null) {
          refusedUnread(ctx);
          Json.error(ctx, 404, "no such route", "method", ctx.method().name(), "path", ctx.path());
        }
      });
      // Javalin's own body-size check answers in plain text; keep every error JSON.
      c.routes.error(413, ctx -> {
        if (ctx.attribute(Json.WRITTEN) == null) {
          // Refused by its Content-Length, unread: answer, then linger so the close does not reset the answer away.
          LingeringClose.refuse(ctx, 413, "request body too large", "maxValueBytes", config.maxValueBytes());
        }
      });
      c.routes.exception(Exception.class, (e, ctx) ->
          Json.error(ctx, 500, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
      // A download cut short after its first bytes: nothing may follow them (they would pass for the file's tail).
      c.routes.exception(FileApi.DownloadAborted.class, (e, ctx) ->
          org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("download of {} cut short: {}", ctx.path(),
              e.getMessage()));
    });
    app.start();
    return app.port();
  }

  /**
   * Names the route (which also tells the 404 handler that a route matched), checks the caller's token against the
   * role the route needs ({@code null}: open to all), and records the request's latency when its answer is complete:
   * at once for synchronous handlers, in {@link #async} for asynchronous ones.
   */
  private Handler timed(String route, Role needed, Handler inner) {
    return ctx -> {
      ctx.attribute(STARTED_NS, System.nanoTime());
      if (MDC.get("node") == null) {
        MDC.put("node", nodeId); // pooled threads keep it; logback's MDC copies its map on every put
      }
      ctx.attribute(ROUTE, route);
      // Which node took the request: behind the reverse proxy, a client (or a test) can tell which node to kill.
      ctx.header("X-Node-Id", nodeId);
      if (needed == null || authorized(ctx, needed)) {
        inner.handle(ctx);
      }
      if (ctx.attribute(PENDING) == null) {
        record(ctx);
      }
    };
  }

  /** Answers 401 or 403 itself when the caller may not use the route; a follower checks before it forwards. */
  private boolean authorized(Context ctx, Role needed) {
    Authenticator.Check check = auth.check(ctx.header("Authorization"), needed);
    if (check instanceof Authenticator.Check.Allowed allowed) {
      ctx.attribute(CREDENTIAL, allowed.credential());
      return true;
    }
    refusedUnread(ctx);
    if (check instanceof Authenticator.Check.Forbidden f) {
      // A known client: linger so its answer survives the close (LingeringClose).
      LingeringClose.refuse(ctx, 403, "this token's role (" + f.credential().role().spelling()
          + ") does not allow this route", "needed", needed.spelling());
    } else {
      // A stranger is closed on at once, unread body or not: lingering would let anyone hold one of the few HTTP
      // threads for up to the idle timeout with a Content-Length it never sends.
      ctx.header("WWW-Authenticate", "Bearer realm=\"multi-driver\"");
      Json.error(ctx, 401, ((Authenticator.Check.Unauthenticated) check).reason());
    }
    return false;
  }

  /** The name of the caller's token: the owner of the sessions it registers and uses. */
  private static String owner(Context ctx) {
    Credential c = ctx.attribute(CREDENTIAL);
    return c == null ? "" : c.name();
  }

  private void record(Context ctx) {
    long startedNs = ctx.attribute(STARTED_NS);
    metrics.recordRequest(ctx.attribute(ROUTE), ctx.statusCode(), System.nanoTime() - startedNs);
  }

  /**
   * Answers asynchronously: Javalin writes the response once {@code answer} completes. The latency is recorded
   * inside the chain, before Javalin sees completion (afterwards the request object may already be recycled).
   */
  private void async(Context ctx, CompletableFuture<?> answer) {
    ctx.attribute(PENDING, Boolean.TRUE);
    CompletableFuture<?> recorded = answer.whenComplete((v, e) -> record(ctx));
    ctx.future(() -> recorded);
  }

  private void health(Context ctx) {
    NodeStatus s = loop.status();
    Json.send(ctx, s.serving() ? 200 : 503, Json.obj("status", s.serving() ? "UP" : "DOWN", "id", s.id(),
        "role", s.role().name(), "term", s.term(), "leader", s.leader() < 0 ? null : s.leader()));
  }

  private void status(Context ctx) {
    NodeStatus s = loop.status();
    List<Map<String, Object>> peers = members(s);
    Json.send(ctx, 200, Json.obj("id", s.id(), "role", s.role().name(), "term", s.term(),
        "leader", s.leader() < 0 ? null : s.leader(), "commitIndex", s.commitIndex(),
        "lastApplied", s.lastApplied(), "lastLogIndex", s.lastLogIndex(), "running", s.running(),
        "unsafeStaleReads", config.unsafeStaleReads(), "peers", peers));
  }

  private void get(Context ctx) {
    String key = validKey(ctx);
    if (key == null) {
      return;
    }
    Function<Answer, ClientRequest> read = answer -> new ClientRequest.Read(key, deadlineNs(), answer);
    KvAnswers.Renderer answer = (c, done) -> KvAnswers.read(c, key, done);
    if (config.unsafeStaleReads()) {
      submit(ctx, read, answer); // deliberately on this node: no leader, no ReadIndex, no forwarding
    } else {
      execute(ctx, read, answer);
    }
  }

  private void put(Context ctx) {
    String key = validKey(ctx);
    ClientSession session = key == null ? null : session(ctx);
    String value = session == null ? null : validValue(ctx, ctx.bodyAsBytes());
    if (value == null) {
      return;
    }
    KvCommand cmd = new KvCommand.Put(session.clientId(), session.seq(), key, value, owner(ctx));
    execute(ctx, write(cmd), (c, done) -> KvAnswers.write(c, key, done));
  }

  private void cas(Context ctx) {
    String key = validKey(ctx);
    ClientSession session = key == null ? null : session(ctx);
    if (session == null) {
      return;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (java.io.IOException e) {
      Json.error(ctx, 400, "body must be JSON {\"expected\": string|null, \"value\": string}");
      return;
    }
    if (body == null || !body.isObject() || !body.has("expected") || !body.path("value").isTextual()
        || !(body.get("expected").isTextual() || body.get("expected").isNull())) {
      Json.error(ctx, 400, "body must be JSON {\"expected\": string|null, \"value\": string}");
      return;
    }
    String expected = body.get("expected").isNull() ? null : body.get("expected").asText();
    String value = body.get("value").asText();
    if (value.getBytes(StandardCharsets.UTF_8).length > config.maxValueBytes()) {
      Json.error(ctx, 413, "value too large", "maxValueBytes", config.maxValueBytes());
      return;
    }
    KvCommand cmd = new KvCommand.Cas(session.clientId(), session.seq(), key, expected, value, owner(ctx));
    execute(ctx, write(cmd), (c, done) -> KvAnswers.cas(c, key, expected, done));
  }

  private void delete(Context ctx) {
    String key = validKey(ctx);
    ClientSession session = key == null ? null : session(ctx);
    if (session == null) {
      return;
    }
    KvCommand cmd = new KvCommand.Delete(session.clientId(), session.seq(), key, owner(ctx));
    execute(ctx, write(cmd), (c, done) -> KvAnswers.delete(c, key, done));
  }

  /** The request body as JSON, or null when it is not JSON. */
  private static JsonNode jsonBody(Context ctx) {
    try {
      return Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * {@code POST /cluster/transfer-leadership {"to": id}} (thesis §3.10): the leader stops taking writes, brings
   * {@code to} up to date and tells it to campaign at once. 202 when started (poll {@code /status}), 409 while another
   * transfer runs or when {@code to} is the leader, 400 on a bad body; a follower forwards it to the leader.
   */
  private void transferLeadership(Context ctx) {
    JsonNode body = jsonBody(ctx);
    if (body == null || !body.path("to").canConvertToInt() || !body.path("to").isIntegralNumber()) {
      Json.error(ctx, 400, "body must be JSON {\"to\": <member id>}");
      return;
    }
    int to = body.get("to").asInt();
    NodeStatus current = loop.status();
    if (to < 0 || !current.membership().isVoter(multidriver.core.raft.NodeId.of(to))) {
      Json.error(ctx, 400, "no voter " + to, "voters",
          current.membership().voters().stream().map(n -> n.value()).toList());
      return;
    }
    execute(ctx, answer -> new ClientRequest.TransferLeadership(to, deadlineNs(), answer), (c, done) ->
        Json.send(c, 202, Json.obj("transferringTo", to, "fromTerm", done.index())));
  }

  /**
   * The configuration in effect on this node (thesis §4.1: the latest in its log), one entry per member with its
   * role, addresses and, on the leader, how far it has replicated.
   */
  private List<Map<String, Object>> members(NodeStatus s) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (multidriver.core.raft.Member m : s.membership().members()) {
      int id = m.id().value();
      multidriver.node.server.HostPort raft = config.raftAddressOf(s.membership(), id);
      multidriver.node.server.HostPort http = config.httpAddressOf(s.membership(), id);
      Map<String, Object> p = Json.obj("id", id, "learner", m.learner(), "address", raft == null ? null : raft.toString(),
          "httpAddress", http == null ? null : http.toString(), "self", id == s.id());
      if (s.isLeader()) {
        p.put("matchIndex", s.matchIndex().getOrDefault(id, -1L));
      }
      out.add(p);
    }
    return out;
  }

  /** {@code GET /cluster}: the members as this node sees them, and whether a change is still uncommitted. */
  private void cluster(Context ctx) {
    NodeStatus s = loop.status();
    Json.send(ctx, 200, Json.obj("id", s.id(), "leader", s.leader() < 0 ? null : s.leader(), "term", s.term(),
        "configurationIndex", s.membershipIndex(), "changeInProgress", !s.membershipCommitted(),
        "members", members(s)));
  }

  /**
   * {@code POST /cluster/members {"id", "raftAddress", "httpAddress", "learner"}} (thesis §4.1): adds a member (a
   * learner by default; thesis §4.2.1 lets it catch up before it counts), or changes one: the same id with
   * {@code "learner": false} promotes a learner once it has caught up. 200 once the change is committed and applied,
   * 400 on a bad body or a change of more than one member, 409 while another change is uncommitted or the learner is
   * behind; a follower forwards it to the leader.
   */
  private void addMember(Context ctx) {
    JsonNode body = jsonBody(ctx);
    if (body == null || !body.isObject() || !body.path("id").isIntegralNumber() || !body.path("id").canConvertToInt()) {
      Json.error(ctx, 400, "body must be JSON {\"id\": <new member id>, \"raftAddress\": \"host:port\", "
          + "\"httpAddress\": \"host:port\", \"learner\": true|false}");
      return;
    }
    int id = body.get("id").asInt();
    if (id < 0 || id > MAX_MEMBER_ID) {
      Json.error(ctx, 400, "member id must be in [0, " + MAX_MEMBER_ID + "]", "id", id);
      return;
    }
    JsonNode learnerNode = body.path("learner");
    if (!learnerNode.isMissingNode() && !learnerNode.isBoolean()) {
      Json.error(ctx, 400, "\"learner\" must be true or false");
      return;
    }
    multidriver.core.raft.NodeId nodeId = multidriver.core.raft.NodeId.of(id);
    Boolean learner = learnerNode.isMissingNode() ? null : learnerNode.asBoolean();
    String address = null;
    if (body.hasNonNull("raftAddress") || body.hasNonNull("httpAddress")) {
      if (!body.path("raftAddress").isTextual() || !body.path("httpAddress").isTextual()) {
        Json.error(ctx, 400, "\"raftAddress\" and \"httpAddress\" go together, each \"host:port\"");
        return;
      }
      try {
        address = new multidriver.node.server.MemberAddress(
            multidriver.node.server.HostPort.parse(body.get("raftAddress").asText()),
            multidriver.node.server.HostPort.parse(body.get("httpAddress").asText())).toString();
        new multidriver.core.raft.Member(nodeId, true, address); // its own bounds: length, no control characters
      } catch (IllegalArgumentException e) {
        Json.error(ctx, 400, "bad address: " + e.getMessage());
        return;
      }
    }
    // Resolved by the leader against its own configuration (this node's view may be behind): without "learner" a
    // member keeps its role (an address change demotes nobody) and a new one is a learner; without addresses a
    // member keeps its own and a new one is refused; a new member must join as a learner (thesis §4.2.1).
    MembershipChange change = new MembershipChange.SetMember(nodeId, learner, address);
    execute(ctx, answer -> new ClientRequest.ChangeMembership(change, deadlineNs(), answer), (c, done) -> {
      java.util.Optional<multidriver.core.raft.Member> now = loop.status().membership().member(nodeId);
      Json.send(c, 200, Json.obj("id", id, "learner", learner != null ? learner
          : now.map(multidriver.core.raft.Member::learner).orElse(null), "configurationIndex", done.index()));
    });
  }

  /**
   * {@code DELETE /cluster/members/{id}}: removes a member (thesis §4.1). A leader that removes itself hands over to
   * its most up-to-date voter once the change commits (thesis §4.2.2). 200 once applied, 404 when {@code id} is not a
   * member in this node's view, 400 when it is the last voter, 409 while another change is uncommitted.
   */
  private void removeMember(Context ctx) {
    int id;
    try {
      id = Integer.parseInt(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Json.error(ctx, 400, "member id must be an integer", "id", ctx.pathParam("id"));
      return;
    }
    NodeStatus s = loop.status();
    if (id < 0 || !s.membership().contains(multidriver.core.raft.NodeId.of(id))) {
      Json.error(ctx, 404, "no member " + id, "members", s.membership().ids().stream().map(n -> n.value()).toList());
      return;
    }
    execute(ctx, answer -> new ClientRequest.ChangeMembership(
        new MembershipChange.RemoveMember(multidriver.core.raft.NodeId.of(id)), deadlineNs(), answer),
        (c, done) -> Json.send(c, 200, Json.obj("removed", id, "configurationIndex", done.index())));
  }

  /** Registers a client session through the log (thesis §6.3); the answer carries the new client id. */
  private void register(Context ctx) {
    execute(ctx, write(new KvCommand.Register(owner(ctx))), KvAnswers::registered);
  }

  private Function<Answer, ClientRequest> write(KvCommand cmd) {
    return answer -> new ClientRequest.Write(cmd, deadlineNs(), answer);
  }

  private long deadlineNs() {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
  }

  /**
   * Runs the request through the event loop: the leader executes it; a follower's server core hands it to the leader
   * it knows over the members' authenticated Raft link (one hop) and answers with the leader's outcome, marked
   * {@code X-Forwarded-To}. The caller's token was checked here, and the sessions it touches belong to its name, which
   * travels in the command. No leader known (or the request met a server that lost leadership): 503.
   */
  private void execute(Context ctx, Function<Answer, ClientRequest> request, KvAnswers.Renderer renderer) {
    submit(ctx, request, renderer);
  }

  private void submit(Context ctx, Function<Answer, ClientRequest> request, KvAnswers.Renderer renderer) {
    CompletableFuture<Outcome> answered = new CompletableFuture<>();
    Answer answer = new Answer(answered::complete);
    loop.submit(request.apply(answer));
    async(ctx, answered.thenAcceptAsync(outcome -> {
      if (answer.servedBy() >= 0) {
        ctx.header("X-Forwarded-To", Integer.toString(answer.servedBy()));
      }
      if (outcome instanceof Outcome.NotLeader) {
        NodeStatus s = loop.status();
        boolean known = s.leader() >= 0 && s.leader() != s.id();
        Json.error(ctx, 503, known ? "not leader" : "no leader known", "leader", known ? s.leader() : null,
            "applied", false);
        return;
      }
      KvAnswers.outcome(ctx, outcome, renderer);
    }, completions));
  }

  private String validKey(Context ctx) {
    String key = ctx.pathParam("key");
    if (key.isEmpty()) {
      refusedUnread(ctx);
      Json.error(ctx, 400, "empty key");
      return null;
    }
    if (multidriver.server.files.FileReads.isReserved(key)) {
      refusedUnread(ctx);
      Json.error(ctx, 400, "keys that start with NUL are reserved");
      return null;
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > config.maxKeyBytes()) {
      refusedUnread(ctx);
      Json.error(ctx, 413, "key too long", "maxKeyBytes", config.maxKeyBytes());
      return null;
    }
    return key;
  }

  /**
   * A request refused before its body was read: Jetty drops such a connection after the answer, so say so, or a
   * keep-alive client sends its next request into the closing connection and gets no bytes back (seen in CI:
   * {@code HttpContractTest.aRetriedRequestIsAppliedOnce}, the request after a 400 for a missing sequence number).
   */
  static void refusedUnread(Context ctx) {
    ctx.header("Connection", "close");
  }

  private static void emptyKey(Context ctx) {
    refusedUnread(ctx);
    Json.error(ctx, 400, "empty key");
  }

  /** Values are text: valid UTF-8, stored and returned exactly; anything else is refused, never replaced. */
  private String validValue(Context ctx, byte[] body) {
    if (body.length > config.maxValueBytes()) {
      Json.error(ctx, 413, "value too large", "maxValueBytes", config.maxValueBytes());
      return null;
    }
    try {
      return multidriver.core.kv.KvCodec.strictUtf8(body);
    } catch (IllegalArgumentException e) {
      Json.error(ctx, 400, "value must be valid UTF-8 text");
      return null;
    }
  }

  private ClientSession session(Context ctx) {
    try {
      return ClientSession.parse(ctx.header(ClientSession.CLIENT_HEADER), ctx.header(ClientSession.SEQ_HEADER));
    } catch (IllegalArgumentException e) {
      refusedUnread(ctx);
      Json.error(ctx, 400, e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    arrivalDeadline.close();
    completions.shutdownNow();
  }
}
