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

    private final List<String> command;
    private final String knossosPath;
    private final long loadTimeoutMs;
    private Process worker;
    private Writer toWorker;
    private BlockingQueue<String> fromWorker;
    private long loadMillis;
    private String loadError;
    private int starts;

    /** A session running the real worker with Knossos at {@code classpath} (a jar, a directory, or a path list). */
    public static KnossosSession open(String classpath) {
        List<URL> urls = KnossosCrossCheck.urls(classpath);
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (URL u : urls) {
            try {
                cp.append(File.pathSeparator).append(new File(u.toURI()).getPath());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("bad Knossos path entry " + u + ": " + e.getMessage());
            }
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new KnossosSession(List.of(java, "-cp", cp.toString(), KnossosWorker.class.getName()), classpath,
                LOAD_TIMEOUT_MS);
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
            String answer = fromWorker.poll(timeLimitMs, TimeUnit.MILLISECONDS);
            if (answer == null) {
                stopWorker();
                return new KnossosCrossCheck.Result("unknown", "Knossos did not finish within " + timeLimitMs
                        + " ms; its search was stopped", (System.nanoTime() - t0) / 1_000_000, loadedNow);
            }
            if (answer.equals(EOF)) {
                stopWorker();
                return new KnossosCrossCheck.Result("error", "the Knossos worker exited", 0, loadedNow);
            }
            return KnossosJob.parseAnswer(answer, loadedNow);
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
            worker = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
                for (String line = r.readLine(); line != null; line = r.readLine()) lines.put(line);
            } catch (IOException | InterruptedException e) {
                // the worker is gone
            }
            lines.offer(EOF);
        }, "knossos-worker-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String first = lines.poll(loadTimeoutMs, TimeUnit.MILLISECONDS);
            if (first != null && first.startsWith("loaded ")) {
                loadMillis = Long.parseLong(first.substring(7).strip());
                return null;
            }
            stopWorker();
            if (first == null) return "Knossos did not load within " + loadTimeoutMs + " ms";
            KnossosCrossCheck.Result r = KnossosJob.parseAnswer(first.equals(EOF) ? "error 0 the worker exited"
                    : first, 0);
            loadError = "cannot load knossos.competition from " + knossosPath + " (give a Knossos uberjar or its full"
                    + " classpath): " + r.message();
            return loadError;
        } catch (InterruptedException | NumberFormatException e) {
            stopWorker();
            return "the Knossos worker did not say it loaded: " + e;
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
    }
}
