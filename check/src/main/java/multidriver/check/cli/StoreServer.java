package multidriver.check.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a store folder read-only on 127.0.0.1 ({@code scripts/serve.sh}): GET and HEAD of files under it, a
 * folder's {@code index.html} for the folder, {@code store/index.html} rewritten at start. Nothing outside the folder
 * is reachable (no {@code ..}, no link out of it), only loopback can connect, and four threads serve.
 */
public final class StoreServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "json",
            "application/json", "svg", "image/svg+xml", "png", "image/png", "edn", "text/plain; charset=utf-8",
            "jsonl", "text/plain; charset=utf-8", "log", "text/plain; charset=utf-8", "txt",
            "text/plain; charset=utf-8");
    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    /** Binds 127.0.0.1:{@code port} (0: any free port) and starts serving {@code root}. */
    public static StoreServer start(Path root, int port) throws IOException {
        return new StoreServer(root, port);
    }

    private StoreServer(Path root, int port) throws IOException {
        this.root = root.toRealPath();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "read-only: GET and HEAD only\n");
                return;
            }
            Path file = resolve(ex.getRequestURI());
            if (file == null) {
                send(ex, 404, "text/plain", "not found\n");
                return;
            }
            if (Files.isDirectory(file)) {
                if (!ex.getRequestURI().getPath().endsWith("/")) {
                    ex.getResponseHeaders().add("Location", ex.getRequestURI().getRawPath() + "/");
                    send(ex, 301, "text/plain", "");
                    return;
                }
                file = resolve(URI.create(ex.getRequestURI().getRawPath() + "index.html"));
                if (file == null || !Files.isRegularFile(file)) {
                    send(ex, 404, "text/plain", "no index.html here\n");
                    return;
                }
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            ex.getResponseHeaders().add("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
            long size = Files.size(file);
            if (method.equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", Long.toString(size));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, size);
            // Exactly the announced bytes: a run still in progress may be appending to this file.
            try (InputStream in = Files.newInputStream(file); OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[64 * 1024];
                long left = size;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) break; // shrank meanwhile: the client sees a short body
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    /** The file a request names, or null when it is not one under the root (missing, or outside it). */
    private Path resolve(URI uri) {
        String path = uri.getPath();
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) return null;
        Path p = root.resolve(path.substring(1)).normalize();
        if (!p.startsWith(root) || !Files.exists(p)) return null;
        try {
            Path real = p.toRealPath(); // a link may point out of the store
            return real.startsWith(root) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = ex.getRequestMethod().equals("HEAD") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
