package multidriver.cli.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child processes of the cluster commands (docker, compose, mvn, java): their output copied to the caller's streams
 * (so tests can read it and a terminal sees it live), bounded in time when asked.
 */
final class Processes {
    private Processes() {
    }

    /** Whether {@code command} exists and exits 0 (its output discarded; at most 30 s). */
    static boolean succeeds(List<String> command) {
        try {
            return output(command, Map.of(), null, 30) != null;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Standard output of {@code command}, or null when it exits non-zero or outlives {@code timeoutS}. */
    static String output(List<String> command, Map<String, String> env, Path dir, long timeoutS)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().putAll(env);
        if (dir != null) pb.directory(dir.toFile());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        // Drained on a thread, so the bound holds even for a child that never closes its output.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = copy(p.getInputStream(), out);
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        reader.join(5_000);
        return p.exitValue() == 0 ? out.toString(StandardCharsets.UTF_8) : null;
    }

    /**
     * Runs {@code command}, copying its output to {@code out} and {@code err} as it comes; its exit code, or 124 when
     * it outlived {@code timeoutS} (0: no bound) and was killed.
     */
    static int run(List<String> command, Map<String, String> env, Path dir, PrintStream out, PrintStream err,
                   long timeoutS) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        Thread o = copy(p.getInputStream(), out);
        Thread e = copy(p.getErrorStream(), err);
        boolean done;
        if (timeoutS > 0) {
            done = p.waitFor(timeoutS, TimeUnit.SECONDS);
        } else {
            p.waitFor();
            done = true;
        }
        if (!done) p.destroyForcibly().waitFor();
        o.join(5_000);
        e.join(5_000);
        return done ? p.exitValue() : 124;
    }

    private static Thread copy(InputStream in, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the process went away: nothing more to copy
            }
        }, "process-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The executable's name on this system: {@code mvn.cmd} on Windows, {@code mvn} elsewhere. */
    static String windowsAware(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return windows && name.equals("mvn") ? "mvn.cmd" : name;
    }
}
