package multidriver.node.http;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a route runs (a malformed request line, an illegal path such as one with
 * {@code %00}, a URI or header too long), in the same JSON shape as every other error:
 * {@code {"error": "...", "status": N}}. Clients parse one format, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws IOException {
    generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8), code,
        message, cause);
  }

  @Override
  protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
    writer.write(body(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  private static String body(int code, String message) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    try {
      return Json.MAPPER.writeValueAsString(Json.obj("error", text, "status", code));
    } catch (IOException e) {
      return "{\"error\":\"" + HttpStatus.getMessage(code) + "\",\"status\":" + code + "}";
    }
  }
}
