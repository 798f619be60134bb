package multidriver.cli.cluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The write load run by wrk, as the etcd reference was measured: {@code scripts/lib/bench_put.lua} sends
 * {@code PUT /kv/bench-<n>} with a 256-byte body over 100,000 keys and prints one RESULT line, read back here.
 * wrk is native code and spends far less of the shared CPU than a JVM client, so the node gets more of it.
 */
final class WrkLoad implements WriteLoad {
    private final URI base;
    private final String token;
    private final Path script;
    private final int threads;

    WrkLoad(URI base, String token, Path script, int threads) {
        this.base = base;
        this.token = token;
        this.script = script;
        this.threads = threads;
    }

    static boolean available() {
        return Processes.succeeds(List.of("wrk", "--version")) || Processes.succeeds(List.of("bash", "-c",
                "command -v wrk"));
    }

    @Override
    public Result run(int connections, long durationMs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Processes.run(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + Math.max(1, durationMs / 1000)
                        + "s", "--timeout", "10s", "-s", script.toString(), base.toString()),
                Map.of("MULTIDRIVER_TOKEN", token), null, sink, sink, durationMs / 1000 + 60);
        String text = out.toString(StandardCharsets.UTF_8);
        String line = text.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new ClusterException("wrk printed no RESULT line (exit " + code + "): " + text.strip()));
        Map<String, Long> v = new TreeMap<>();
        for (String kv : line.substring(7).trim().split("\\s+")) {
            String[] p = kv.split("=", 2);
            v.put(p[0], Long.parseLong(p[1]));
        }
        long non2xx = v.get("non2xx");
        long errors = v.get("connect_errors") + v.get("read_errors") + v.get("write_errors") + v.get("timeouts");
        return new Result(v.get("requests") - non2xx, non2xx, errors, v.get("duration_us"), v.get("p50_us"),
                v.get("p90_us"), v.get("p99_us"), v.get("max_us"));
    }

    @Override
    public String name() {
        return "wrk";
    }

    @Override
    public void close() {
        // nothing held between runs
    }
}
