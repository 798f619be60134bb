package multidriver.check.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import multidriver.check.history.EdnWriter;
import multidriver.check.history.History;

/**
 * Knossos for a whole command line's files, in one worker process ({@link KnossosWorker}) that loads Knossos once:
 * the load (4-5 s) is timed and reported apart, and each file's time limit counts only its own search. A search past
 * its limit is really stopped: the worker is killed (its threads with it), the file is {@code unknown}, and the next
 * file starts a new worker. Not thread-safe: one caller at a time.
 */
public final class KnossosSession implements AutoCloseable {
    /** How long the namespaces may take to load before the worker is given up. */
    static final long LOAD_TIMEOUT_MS = 120_000;
    /** How much longer than Knossos's own {@code :time-limit} the session waits before it kills the worker. */
    static final long GRACE_MS = 3_000;
    /** The worker's stderr kept for messages. */
    private static final int STDERR_TAIL_BYTES = 2_000;

    private final List<String> command;
    private final String knossosPath;
    private final long loadTimeoutMs;
    private java.nio.file.Path stderrFile;
    private Process worker;
    private Writer toWorker;
    private BlockingQueue<String> fromWorker;
    private long loadMillis;
    private String loadError;
    private int starts;

    /** A session running the real worker with Knossos at {@code classpath} (a jar, a directory, or a path list). */
    public static KnossosSession open(String classpath) {
        List<URL> urls = KnossosCrossCheck.urls(classpath);
        // The worker's own classes and Jackson from wherever they were loaded (a shaded jar, a class path, a build
        // tool's class loader), then the JVM's class path, then Knossos.
        StringBuilder cp = new StringBuilder();
        for (Class<?> c : List.of(KnossosWorker.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                cp.append(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath())
                        .append(File.pathSeparator);
            } catch (URISyntaxException | RuntimeException e) {
                // no code source (a custom class loader): the JVM's class path below has to do
            }
        }
        cp.append(System.getProperty("java.class.path"));
        for (URL u : urls) {
            try {
                cp.append(File.pathSeparator).append(new File(u.toURI()).getPath());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("bad Knossos path entry " + u + ": " + e.getMessage());
            }
        }
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new java.util.ArrayList<>(List.of(javaBin));
        // The checker's heap and stack settings (CHECK_JAVA_OPTS) apply to Knossos too; an out-of-memory search
        // ends the worker at once instead of hanging it.
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx") || arg.startsWith("-Xss") || arg.startsWith("-Xms")) command.add(arg);
        }
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-cp", cp.toString(), KnossosWorker.class.getName()));
        return new KnossosSession(command, classpath, LOAD_TIMEOUT_MS);
    }

    /**
     * A session running {@code command} as its worker, which must speak {@link KnossosJob}'s protocol.
     *
     * @param knossosPath what the user gave as Knossos, for messages
     */
    KnossosSession(List<String> command, String knossosPath, long loadTimeoutMs) {
        this.command = List.copyOf(command);
        this.knossosPath = knossosPath;
        this.loadTimeoutMs = loadTimeoutMs;
    }

    /** How many worker processes this session started (one, plus one after each stopped search). */
    int workerStarts() {
        return starts;
    }

    /** The running worker, for tests: null when none runs. */
    Process worker() {
        return worker;
    }

    /**
     * Checks one history, waiting at most {@code timeLimitMs} for the search (after the load, which is reported in
     * the result's {@code loadMillis} when this call did it). Never throws.
     */
    public KnossosCrossCheck.Result check(History history, String model, String initEdn, boolean independent,
                                          long timeLimitMs) {
        if (worker == null || !worker.isAlive()) {
            String problem = startWorker();
            if (problem != null) return new KnossosCrossCheck.Result("error", problem, 0, loadMillis);
        }
        long loadedNow = loadMillis;
        loadMillis = 0; // reported once, with the first file after the load
        try {
            toWorker.write(new KnossosJob(model, initEdn, independent, timeLimitMs, EdnWriter.toString(history))
                    .toLine() + "\n");
            toWorker.flush();
            long t0 = System.nanoTime();
            // Knossos stops itself at its :time-limit; a little later the worker is killed.
            String answer = fromWorker.poll(timeLimitMs + GRACE_MS, TimeUnit.MILLISECONDS);
            if (answer == null) {
                stopWorker();
                return new KnossosCrossCheck.Result("unknown", "Knossos did not finish within " + timeLimitMs
                        + " ms; its search was stopped", (System.nanoTime() - t0) / 1_000_000, loadedNow);
            }
            if (answer.equals(EOF)) {
                String why = stderrTail();
                stopWorker();
                return new KnossosCrossCheck.Result("error", "the Knossos worker exited" + why, 0, loadedNow);
            }
            KnossosCrossCheck.Result r = KnossosJob.parseAnswer(answer, loadedNow);
            if (r.verdict().equals("error") && r.message().startsWith("the Knossos worker answered")) {
                stopWorker(); // out of step with it: its next line could be this file's answer
            }
            return r;
        } catch (IOException e) {
            stopWorker();
            return new KnossosCrossCheck.Result("error", "cannot talk to the Knossos worker: " + e.getMessage(), 0,
                    loadedNow);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopWorker();
            return new KnossosCrossCheck.Result("unknown", "interrupted", 0, loadedNow);
        }
    }

    private static final String EOF = "\u0000eof";

    /** Starts a worker and waits for its {@code loaded} line; returns null, or why it could not. */
    private String startWorker() {
        if (loadError != null) return loadError; // a classpath without Knossos will not get one by retrying
        stopWorker();
        try {
            if (stderrFile == null) {
                stderrFile = java.nio.file.Files.createTempFile("multidriver-knossos-", ".log");
                stderrFile.toFile().deleteOnExit();
            }
            worker = new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
        } catch (IOException e) {
            return "cannot start the Knossos worker: " + e.getMessage();
        }
        starts++;
        toWorker = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
        fromWorker = lines;
        Process p = worker;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith(KnossosJob.MARK)) lines.put(line); // not the JVM's own log lines
                }
            } catch (IOException | InterruptedException e) {
                // the worker is gone
            }
            lines.offer(EOF);
        }, "knossos-worker-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String first = lines.poll(loadTimeoutMs, TimeUnit.MILLISECONDS);
            String loaded = KnossosJob.MARK + "loaded ";
            if (first != null && first.startsWith(loaded)) {
                loadMillis = Long.parseLong(first.substring(loaded.length()).strip());
                return null;
            }
            String why = first != null && first.equals(EOF) ? "the worker exited" + stderrTail() : null;
            stopWorker();
            if (first == null) {
                loadError = "Knossos did not load within " + loadTimeoutMs + " ms"; // no faster next time
                return loadError;
            }
            String message = why != null ? why : KnossosJob.parseAnswer(first, 0).message();
            loadError = "cannot load knossos.competition from " + knossosPath + " (give a Knossos uberjar or its full"
                    + " classpath): " + message;
            return loadError;
        } catch (InterruptedException | NumberFormatException e) {
            stopWorker();
            return "the Knossos worker did not say it loaded: " + e;
        }
    }

    /** The end of the worker's stderr, for a message: "" when it wrote nothing. */
    private String stderrTail() {
        try {
            if (stderrFile == null) return "";
            byte[] all = java.nio.file.Files.readAllBytes(stderrFile);
            String text = new String(all, Math.max(0, all.length - STDERR_TAIL_BYTES),
                    Math.min(all.length, STDERR_TAIL_BYTES), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : "; its stderr ends: " + text.replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private void stopWorker() {
        Process p = worker;
        worker = null;
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopWorker();
        if (stderrFile != null) {
            try {
                java.nio.file.Files.deleteIfExists(stderrFile);
            } catch (IOException e) {
                // deleted on exit anyway
            }
        }
    }
}
