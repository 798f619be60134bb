package multidriver.node.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON bodies for every response; errors are always {@code {"error": ..., ...}}. */
final class Json {
  private static final Logger LOG = LoggerFactory.getLogger(Json.class);
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Context attribute set once a JSON body was written, so error mappers do not replace it. */
  static final String WRITTEN = "jsonWritten";

  private Json() {}

  /** An ordered map from alternating keys and values: {@code obj("key", k, "value", v)}. */
  static Map<String, Object> obj(Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("obj needs key/value pairs");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /**
   * Writes the body straight to the servlet response instead of {@code ctx.result(...)}: Javalin would wrap a
   * result in a stream and copy it through a fresh 8 KiB buffer, which on the write path costs a visible share of
   * the CPU per request.
   */
  static void send(Context ctx, int status, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize response body", e);
    }
    write(ctx, status, "application/json", bytes);
  }

  /** Sends {@code bytes} as the whole response body (used for JSON and for relaying a leader's answer). */
  static void write(Context ctx, int status, String contentType, byte[] bytes) {
    ctx.status(status).contentType(contentType);
    ctx.attribute(WRITTEN, Boolean.TRUE);
    HttpServletResponse res = ctx.res();
    res.setContentLength(bytes.length);
    try {
      res.getOutputStream().write(bytes);
    } catch (IOException | IllegalStateException e) {
      // The client went away (or the server is stopping): nobody is left to answer.
      LOG.debug("could not answer {} {}: {}", ctx.method(), ctx.path(), e.toString());
    }
  }

  static void error(Context ctx, int status, String error, Object... more) {
    Object[] all = new Object[more.length + 2];
    all[0] = "error";
    all[1] = error;
    System.arraycopy(more, 0, all, 2, more.length);
    send(ctx, status, obj(all));
  }
}
