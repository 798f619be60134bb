package multidriver.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Docker CLI as the cluster commands use it: engine checks, images, volumes, health, local image builds. */
final class Docker {
    private Docker() {
    }

    static void require() throws ClusterException {
        if (!Processes.succeeds(List.of("docker", "--version"))) { // the CLI alone; `docker version` asks the engine
            throw new ClusterException("docker CLI not found");
        }
        if (!Processes.succeeds(List.of("docker", "info", "--format", "{{.ServerVersion}}"))) {
            throw new ClusterException("Docker engine not reachable (start Docker Desktop / dockerd first)");
        }
    }

    static boolean imageExists(String image) {
        return Processes.succeeds(List.of("docker", "image", "inspect", image));
    }

    static boolean volumeExists(String volume) {
        return Processes.succeeds(List.of("docker", "volume", "inspect", volume));
    }

    /** A container's health as its health check says (healthy, starting, unhealthy), its state without one, or "down". */
    static String health(String container) throws IOException, InterruptedException {
        String s = Processes.output(List.of("docker", "inspect", "-f",
                "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", container), Map.of(),
                null, 30);
        return s == null ? "down" : s.strip();
    }

    /**
     * {@code docker build -t TAG ARGS...}, quiet unless it fails (then its output, and an error); then the superseded
     * builds carrying the Dockerfile's label {@code io.multidriver.image=KIND} are pruned.
     */
    static void build(Path repo, String tag, String kind, List<String> args, PrintStream err)
            throws IOException, InterruptedException, ClusterException {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        PrintStream sink = new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
        List<String> cmd = new java.util.ArrayList<>(List.of("docker", "build", "-t", tag));
        cmd.addAll(args);
        if (Processes.run(cmd, Map.of(), repo, sink, sink, 0) != 0) {
            err.print(log.toString(java.nio.charset.StandardCharsets.UTF_8));
            throw new ClusterException("docker build of " + tag + " failed");
        }
        Processes.output(List.of("docker", "image", "prune", "-f", "--filter", "label=io.multidriver.image=" + kind),
                Map.of(), repo, 120);
    }

    /**
     * Makes sure the base image {@code image} exists: built locally by {@code script} (debootstrap, Linux as root)
     * when it can be, else left to {@code docker build}, which pulls it where a registry is reachable (Docker
     * Desktop).
     */
    static void baseImage(Path repo, String image, String script, PrintStream out, PrintStream err)
            throws IOException, InterruptedException, ClusterException {
        if (imageExists(image)) return;
        Path s = repo.resolve(script);
        if (Files.isRegularFile(s) && Processes.succeeds(List.of("bash", "-c", "command -v debootstrap"))) {
            out.println("==> building the base image " + image + " (" + script + ")");
            if (Processes.run(List.of("bash", s.toString()), Map.of(), repo, out, err, 0) != 0) {
                throw new ClusterException(script + " failed");
            }
        } else {
            out.println("==> " + image + " is not here and cannot be built without debootstrap: docker build pulls it"
                    + " (Docker Desktop), or build it on Linux with " + script);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean portInUse(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
