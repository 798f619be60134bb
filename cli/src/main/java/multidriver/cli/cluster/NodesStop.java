package multidriver.cli.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nodes stop}: stops the local cluster's node JVMs (SIGTERM, then SIGKILL after 10 s). */
@Command(name = "stop", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stops every node started by nodes start (found by its pid file in store/local, or STORE_DIR):"
                + " a graceful stop first, then a forced one after 10 s. Data is kept unless --clean.", ""},
        footer = {"", "Exit codes: 0 stopped (or nothing was running), 2 error."})
final class NodesStop extends Tool {
    static final long GRACE_MS = 10_000;

    @Option(names = "--clean", description = "also delete the store (all data of the local cluster)")
    boolean clean;

    @Override
    protected int run() throws Exception {
        LocalNodes local = LocalNodes.fromEnvironment(RepoRoot.find());
        stopAll(local);
        if (clean && Files.exists(local.store())) {
            deleteTree(local.store());
            out.println("removed " + local.store());
        }
        return 0;
    }

    /** Stops every node of {@code local} that its pid files name (gracefully, then forcibly after the grace). */
    void stopAll(LocalNodes local) throws IOException, InterruptedException {
        List<Path> pidFiles = new ArrayList<>();
        if (Files.isDirectory(local.store())) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(local.store(), "node-*.pid")) {
                d.forEach(pidFiles::add);
            }
        }
        pidFiles.sort(Comparator.naturalOrder());
        List<ProcessHandle> stopping = new ArrayList<>();
        for (Path f : pidFiles) {
            Optional<ProcessHandle> p = alive(f);
            if (p.isPresent()) {
                p.get().destroy();
                stopping.add(p.get());
                out.println("stopping " + f.getFileName().toString().replace(".pid", "") + " (pid " + p.get().pid() + ")");
            }
        }
        long deadline = System.currentTimeMillis() + GRACE_MS;
        while (stopping.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        for (ProcessHandle p : stopping) {
            if (p.isAlive()) {
                out.println("pid " + p.pid() + " ignored the stop; killing it");
                p.destroyForcibly();
            }
        }
        for (Path f : pidFiles) Files.deleteIfExists(f);
        if (stopping.isEmpty()) out.println("no local nodes were running");
    }

    /** The live process a pid file names, if any (a stale file or a reused pid of another program is not ours). */
    static Optional<ProcessHandle> alive(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) return Optional.empty();
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java") || c.endsWith("java.exe")
                        || c.endsWith("setsid")).orElse(true));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
