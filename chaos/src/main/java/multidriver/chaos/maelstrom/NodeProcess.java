package multidriver.chaos.maelstrom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One node of a system under test, as a local process speaking Maelstrom's protocol: JSON messages, one per line,
 * on its stdin and stdout; stderr is its log. Bounded: its data segment ({@code ulimit -d}), the length of a line it
 * may print, the messages queued for it (a paused process reads nothing; its queue drops rather than stall the
 * network: at most {@link #INBOX_CAPACITY} lines and {@link #MAX_INBOX_CHARS}), and the log kept of it. It runs in its
 * own working directory. It can be killed (its memory is lost; what it wrote to its directory survives, as after a
 * crash; {@link #start} runs a fresh one), paused and resumed (SIGSTOP / SIGCONT to it and every process it started:
 * a wrapper script that does not {@code exec} is paused with its node).
 */
final class NodeProcess {
    /** A line longer than this is not a message (Maelstrom's own bodies are small); it is dropped and counted. */
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int INBOX_CAPACITY = 10_000;
    static final long MAX_INBOX_CHARS = 32L << 20;
    /** Log kept per node for the report (the rest is dropped with a marker). */
    static final int MAX_LOG_CHARS = 4 << 20;

    private final String id;
    private final List<String> command;
    private final long memoryLimitBytes;
    private final Path workDir;
    private final Consumer<String> onLine;
    private final StringBuilder log = new StringBuilder();
    private Process process;
    private BlockingQueue<String> inbox;
    private volatile boolean paused;
    private int incarnation;
    private long droppedInbound;
    private long inboxChars;
    private long droppedLongLines;

    NodeProcess(String id, List<String> command, long memoryLimitBytes, Path workDir, Consumer<String> onLine) {
        this.id = id;
        this.command = List.copyOf(command);
        this.memoryLimitBytes = memoryLimitBytes;
        this.workDir = workDir;
        this.onLine = onLine;
    }

    String id() {
        return id;
    }

    /** Starts a fresh process (a restart after {@link #kill} begins with an empty memory). */
    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(id + " is running");
        List<String> argv = new ArrayList<>(List.of("bash", "-c",
                "ulimit -d " + Math.max(1, memoryLimitBytes / 1024) + " && exec \"$0\" \"$@\""));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
        pb.environment().put("MAELSTROM_NODE", id);
        process = pb.start();
        paused = false;
        inboxChars = 0;
        incarnation++;
        appendLog("=== " + id + " incarnation " + incarnation + " started: " + String.join(" ", command) + "\n");
        inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
        Process p = process;
        BlockingQueue<String> q = inbox;
        daemon("maelstrom-" + id + "-out", () -> readLines(p.getInputStream()));
        daemon("maelstrom-" + id + "-err", () -> readLog(p.getErrorStream()));
        daemon("maelstrom-" + id + "-in", () -> writeLines(p, q));
    }

    /** Queues one line for the process's stdin; false (and counted) when it is down or its queue is full. */
    boolean send(String line) {
        synchronized (this) {
            if (process == null || !process.isAlive()) return false;
            if (inboxChars + line.length() > MAX_INBOX_CHARS || !inbox.offer(line)) {
                droppedInbound++;
                return false;
            }
            inboxChars += line.length();
            return true;
        }
    }

    private synchronized void taken(BlockingQueue<String> q, String line) {
        if (q == inbox) inboxChars -= line.length(); // a previous incarnation's queue counts no more
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    boolean isPaused() {
        return paused;
    }

    /** kill -9: the process and everything it held in memory are gone. */
    void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) return;
        // Not under the lock: the network's thread may be queueing a message meanwhile, and must not wait on this.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLog("=== " + id + " killed\n");
    }

    void pause() throws IOException, InterruptedException {
        Process p = runningProcess();
        if (p == null) return;
        paused = true; // first: what is sent from now on waits in the inbox
        signal(p, "STOP");
        appendLog("=== " + id + " paused (SIGSTOP)\n");
    }

    void resume() throws IOException, InterruptedException {
        Process p = runningProcess();
        if (p == null || !paused) return;
        signal(p, "CONT");
        paused = false;
        appendLog("=== " + id + " resumed (SIGCONT)\n");
    }

    private synchronized Process runningProcess() {
        return process != null && process.isAlive() ? process : null;
    }

    /** Signals the process and every process it started (a wrapper that does not exec must not keep its node awake). */
    private static void signal(Process p, String name) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("kill", "-" + name, Long.toString(p.pid())));
        p.descendants().forEach(d -> argv.add(Long.toString(d.pid())));
        Process kill = new ProcessBuilder(argv).redirectErrorStream(true).start();
        kill.getInputStream().readAllBytes();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) kill.destroyForcibly();
    }

    synchronized String log() {
        String counts = droppedInbound + droppedLongLines == 0 ? ""
                : "=== dropped: " + droppedInbound + " inbound message(s) (queue full), " + droppedLongLines
                + " output line(s) over " + MAX_LINE_CHARS + " characters\n";
        return log + counts;
    }

    private void readLines(InputStream stdout) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            boolean tooLong = false;
            while ((c = r.read()) >= 0) {
                if (c == '\n') {
                    if (tooLong) {
                        synchronized (this) {
                            droppedLongLines++;
                        }
                    } else if (!line.isEmpty()) {
                        onLine.accept(line.toString());
                    }
                    line.setLength(0);
                    tooLong = false;
                } else if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void readLog(InputStream stderr) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) >= 0) appendLog(new String(buf, 0, n));
        } catch (IOException e) {
            // the process ended
        }
    }

    private void writeLines(Process p, BlockingQueue<String> q) {
        try (OutputStream in = p.getOutputStream()) {
            while (p.isAlive()) {
                String line = q.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) continue;
                taken(q, line);
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the process ended (or stopped reading): what is queued is lost, as on a dead link
        }
    }

    private synchronized void appendLog(String text) {
        if (log.length() >= MAX_LOG_CHARS) return;
        log.append(text, 0, Math.min(text.length(), MAX_LOG_CHARS - log.length()));
        if (log.length() >= MAX_LOG_CHARS) log.append("\n=== log truncated at ").append(MAX_LOG_CHARS).append(" chars\n");
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
