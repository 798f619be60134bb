package multidriver.node.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The end of a request refused while its body may still be coming. The answer is sent and flushed first, then the
 * rest of the body is read and dropped for at most {@link #LINGER_MS} before the connection closes. Closing a socket
 * with unread bytes makes TCP reset it, and the reset can destroy the answer before the client read it (seen in CI:
 * a 413 for a 4 MiB upload arrived as "header parser received no bytes"). This is the lingering close of RFC 9112
 * section 9.6. It holds a server thread: at most {@link #LINGER_MS} in all, though one read may wait up to the
 * connection's idle timeout for a client that stops sending; so only known clients get it (never a 401).
 */
final class LingeringClose {
  private static final long LINGER_MS = 5_000;
  private static final int SINK_BYTES = 64 * 1024;

  private LingeringClose() {
  }

  /** Answers with {@code Connection: close}, then lingers. */
  static void refuse(Context ctx, int status, String error, Object... more) {
    HttpApi.refusedUnread(ctx);
    Json.error(ctx, status, error, more);
    afterAnswer(ctx);
  }

  /** Lingers after an answer already written with {@code Connection: close}. */
  static void afterAnswer(Context ctx) {
    try {
      ctx.res().flushBuffer();
      InputStream in = ctx.req().getInputStream();
      long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
      byte[] sink = new byte[SINK_BYTES];
      while (System.nanoTime() < deadlineNs && in.read(sink) > 0) {
        // dropped: the answer is already on its way
      }
    } catch (IOException | IllegalStateException e) {
      // the client stopped sending or went away: there is no answer left to protect
    }
  }
}
