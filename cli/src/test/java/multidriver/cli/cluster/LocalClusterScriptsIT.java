package multidriver.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import multidriver.chaos.cluster.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local-mode scripts, which are now thin wrappers over multidriver.jar, end to end on loopback (after the
 * package phase, so the jar they run is this build's): start_nodes.sh brings up three JVMs with one leader, a write
 * through one node reads back through another, a node killed with -9 comes back with --start-node and keeps its
 * data, --stop --clean removes everything; bench.sh measures a short run. Ports of their own (18101+/18181+).
 */
class LocalClusterScriptsIT {
    @TempDir Path dir;
    private final Path repo = RepoRoot.find();

    private record Run(int exit, String output) {
    }

    private Run script(Map<String, String> env, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("scripts/" + name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(name + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.print(text);
        return new Run(p.exitValue(), text);
    }

    @Test
    void startWriteKillRestartAndStopALocalCluster() throws Exception {
        Path store = dir.resolve("local");
        Map<String, String> env = Map.of("STORE_DIR", store.toString(), "HTTP_PORT_BASE", "18181",
                "RAFT_PORT_BASE", "18101");
        try {
            Run start = script(env, "start_nodes.sh", "--nodes", "3", "--wait-seconds", "60");
            assertEquals(0, start.exit(), start.output());
            assertTrue(start.output().matches("(?s).*\nleader: node-[0-2]\n?"), "the last line names the leader");
            String token = Files.readString(store.resolve("admin.token")).strip();
            assertEquals(200, http("PUT", 18181, "/kv/color", "blue", token).statusCode());
            assertTrue(http("GET", 18183, "/kv/color", null, token).body().contains("\"value\":\"blue\""),
                    "a follower answers the read");

            long pid = Long.parseLong(Files.readString(store.resolve("node-2.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Run again = script(env, "start_nodes.sh", "--nodes", "3", "--start-node", "2", "--wait-seconds", "60");
            assertEquals(0, again.exit(), again.output());
            assertTrue(http("GET", 18183, "/kv/color", null, token).body().contains("\"value\":\"blue\""),
                    "the restarted node kept its data");
            Run twice = script(env, "start_nodes.sh", "--nodes", "3", "--start-node", "1");
            assertEquals(2, twice.exit(), "a running node is not started twice: " + twice.output());
            assertTrue(twice.output().contains("node-1 already running"), twice.output());
        } finally {
            Run stop = script(env, "start_nodes.sh", "--stop", "--clean");
            assertEquals(0, stop.exit(), stop.output());
        }
        assertTrue(!Files.exists(store), "--clean removed the store");
        assertTrue(!Docker.portInUse(18181) && !Docker.portInUse(18101), "the ports are free again");
    }

    @Test
    void benchMeasuresAShortRunWithEitherClientAndStopsItsCluster() throws Exception {
        bench("java");
        if (WrkLoad.available()) {
            bench("wrk");
        } else {
            System.out.println("SKIPPED: bench --client wrk (wrk is not installed; apt-get install -y wrk)");
        }
    }

    private void bench(String client) throws Exception {
        Map<String, String> env = Map.of("HTTP_PORT_BASE", "18281", "RAFT_PORT_BASE", "18201",
                "JAVA_OPTS", "-Xmx256m -XX:+UseParallelGC");
        Run bench = script(env, "bench.sh", "--client", client, "--connections", "4,16", "--duration", "2",
                "--warmup", "1");
        assertEquals(0, bench.exit(), bench.output());
        assertTrue(bench.output().contains(client.equals("wrk") ? "(wrk)" : "(the JVM's HTTP client)"), bench.output());
        assertTrue(bench.output().matches("(?s).*\n4 +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +\\d+\n16 .*"),
                "a line per connection count: " + bench.output());
        assertTrue(!Docker.portInUse(18281), "the bench's cluster is stopped");
    }

    private static HttpResponse<String> http(String method, int port, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(java.time.Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
