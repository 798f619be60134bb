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
 * on its stdin and stdout; stderr is its log. Bounded: its address space ({@code ulimit -v}), the length of a line it
 * may print, the messages queued for it (a paused process reads nothing; its queue drops rather than stall the
 * network), and the log kept of it. It can be killed (its memory is lost; {@link #start} runs a fresh one), paused
 * and resumed (SIGSTOP / SIGCONT).
 */
final class NodeProcess {
    /** A line longer than this is not a message (Maelstrom's own bodies are small); it is dropped and counted. */
    static final int MAX_LINE_CHARS = 1 << 20;
    static final int INBOX_CAPACITY = 10_000;
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
                "ulimit -v " + Math.max(1, memoryLimitBytes / 1024) + " && exec \"$0\" \"$@\""));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile());
        pb.environment().put("MAELSTROM_NODE", id);
        process = pb.start();
        paused = false;
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
        BlockingQueue<String> q;
        synchronized (this) {
            if (process == null || !process.isAlive()) return false;
            q = inbox;
        }
        if (q.offer(line)) return true;
        synchronized (this) {
            droppedInbound++;
        }
        return false;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    boolean isPaused() {
        return paused;
    }

    /** kill -9: the process and everything it held in memory are gone. */
    synchronized void kill() {
        if (process == null) return;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appendLog("=== " + id + " killed\n");
    }

    synchronized void pause() throws IOException, InterruptedException {
        if (!isAlive()) return;
        signal("STOP");
        paused = true;
        appendLog("=== " + id + " paused (SIGSTOP)\n");
    }

    synchronized void resume() throws IOException, InterruptedException {
        if (!isAlive() || !paused) return;
        signal("CONT");
        paused = false;
        appendLog("=== " + id + " resumed (SIGCONT)\n");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
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
