package multidriver.node.http;

import io.javalin.http.Context;
import multidriver.core.kv.KvResult;
import multidriver.server.Outcome;

/** How each KV route answers an {@link Outcome}: status codes and JSON bodies of the HTTP contract. */
final class KvAnswers {
  private KvAnswers() {}

  /** Renders a {@link Outcome.Done} into the response. */
  interface Renderer {
    void render(Context ctx, Outcome.Done done);
  }

  /** Answers any outcome; {@code Done} is answered by the route's {@code renderer}. */
  static void outcome(Context ctx, Outcome outcome, Renderer renderer) {
    if (outcome instanceof Outcome.Done done) {
      renderer.render(ctx, done);
    } else if (outcome instanceof Outcome.Unavailable u) {
      Json.error(ctx, 503, u.reason(), "applied", u.definitelyNotApplied() ? false : "unknown");
    } else if (outcome instanceof Outcome.Conflict c) {
      Json.error(ctx, 409, c.reason());
    } else if (outcome instanceof Outcome.Invalid i) {
      Json.error(ctx, 400, i.reason());
    } else if (outcome instanceof Outcome.TimedOut t) {
      Json.error(ctx, 504, "timed out after " + t.waitedMs() + " ms; outcome unknown", "applied", "unknown");
    } else {
      Json.error(ctx, 503, "not leader", "applied", false);
    }
  }

  static void read(Context ctx, String key, Outcome.Done done) {
    if (!common(ctx, key, done.result())) {
      Json.send(ctx, 200, Json.obj("key", key, "value", done.result().value()));
    }
  }

  static void write(Context ctx, String key, Outcome.Done done) {
    if (!common(ctx, key, done.result())) {
      Json.send(ctx, 200, Json.obj("key", key, "value", done.result().value(), "index", done.index()));
    }
  }

  static void cas(Context ctx, String key, String expected, Outcome.Done done) {
    KvResult r = done.result();
    if (r.status() == KvResult.Status.CAS_MISMATCH) {
      if (r.value() == null && expected != null) {
        Json.error(ctx, 404, "not found", "key", key, "current", null);
      } else {
        Json.error(ctx, 409, "cas failed", "key", key, "current", r.value());
      }
      return;
    }
    write(ctx, key, done);
  }

  /** Statuses shared by all key routes; returns true when it wrote the response. */
  private static boolean common(Context ctx, String key, KvResult r) {
    if (r == null) {
      throw new IllegalStateException("a client command produced no result (no-op entry?) for key " + key);
    }
    if (r.status() == KvResult.Status.NOT_FOUND) {
      Json.error(ctx, 404, "not found", "key", key);
      return true;
    }
    if (r.status() == KvResult.Status.SESSION_EXPIRED) {
      Json.error(ctx, 410, "session expired or unknown: this request was not applied (an earlier attempt of it may"
          + " have been); register a new session with POST /sessions", "key", key, "applied", "unknown");
      return true;
    }
    if (r.status() == KvResult.Status.INVALID) {
      // Only an entry this node did not propose can fail to decode (a forged or corrupt one): it changed nothing.
      Json.error(ctx, 400, "the log entry for this request is not a valid command: " + r.value(), "key", key,
          "applied", false);
      return true;
    }
    if (r.status() == KvResult.Status.FORBIDDEN) {
      Json.error(ctx, 403, "this client id belongs to another token: not applied; register your own session with"
          + " POST /sessions", "key", key, "applied", false);
      return true;
    }
    if (r.status() == KvResult.Status.REQUEST_MISMATCH) {
      Json.error(ctx, 409, "X-Request-Seq reused with a different request: not applied; a retry must repeat the same"
          + " request, a new request needs the next sequence number", "key", key, "applied", false);
      return true;
    }
    return false;
  }

  /** {@code POST /sessions}: 201 with the new client id. */
  static void registered(Context ctx, Outcome.Done done) {
    KvResult r = done.result();
    if (r == null || r.status() != KvResult.Status.REGISTERED) {
      throw new IllegalStateException("a session registration answered " + r);
    }
    Json.send(ctx, 201, Json.obj("clientId", Long.parseLong(r.value()), "index", done.index()));
  }

  static void delete(Context ctx, String key, Outcome.Done done) {
    if (!common(ctx, key, done.result())) {
      Json.send(ctx, 200,
          Json.obj("key", key, "deleted", true, "value", done.result().value(), "index", done.index()));
    }
  }
}
