package multidriver.chaos.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command line, with a bounded wait per call. Fault injection goes through the CLI (not the
 * Docker API client) so that exactly the commands of the operations guide are exercised, and so that every
 * command a nemesis ran can be printed and replayed by hand.
 */
public final class DockerCli {
    /** Upper bound on captured output per stream; logs beyond it are cut. */
    private static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

    /** Output of one finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns this result, or throws with the command and its stderr when it failed. */
        public Result orThrow() {
            if (!ok()) {
                throw new DockerException(String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip());
            }
            return this;
        }
    }

    /** A docker command failed or did not finish in time. */
    public static final class DockerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DockerException(String message) {
            super(message);
        }
    }

    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-cli-drain");
        t.setDaemon(true);
        return t;
    });

    private final long defaultTimeoutMs;

    public DockerCli(long defaultTimeoutMs) {
        if (defaultTimeoutMs <= 0) {
            throw new IllegalArgumentException("defaultTimeoutMs must be > 0, got " + defaultTimeoutMs);
        }
        this.defaultTimeoutMs = defaultTimeoutMs;
    }

    /** True when the docker CLI exists and the engine answers. */
    public static boolean engineReachable() {
        try {
            return new DockerCli(10_000).run("info", "--format", "{{.ServerVersion}}").ok();
        } catch (DockerException | UncheckedIOException e) {
            return false;
        }
    }

    public Result run(String... args) {
        return run(defaultTimeoutMs, List.of(args));
    }

    public Result run(long timeoutMs, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("docker");
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // no command here reads stdin
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DockerException(String.join(" ", command) + " did not finish within " + timeoutMs + " ms");
            }
            return new Result(List.copyOf(command), process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DockerException("interrupted while running " + String.join(" ", command));
        } catch (ExecutionException e) {
            throw new DockerException("cannot read the output of " + String.join(" ", command) + ": " + e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        // Own daemon threads, not the common pool: on 2 cores its single worker would read stdout and stderr
        // one after the other, and a child filling its stderr pipe would then block until the timeout.
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES);
                in.transferTo(OutputStream.nullOutputStream()); // never let the child block on a full pipe
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINERS);
    }
}
