package multidriver.chaos.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The network between the processes of a system under test, as Maelstrom's protocol sees it: every line a node prints
 * is a message {@code {"src","dest","body"}}; one for another node is delivered to that node's stdin after a seeded
 * delay, unless the link is cut (at send or on arrival: a partition drops what is in flight too); one for a client
 * goes to that client. A line that is not such a message, or whose {@code src} is not the node that printed it, is
 * dropped and counted: no node can speak for another. Clients reach every node directly (Maelstrom's clients are not
 * partitioned from their node): a request to a dead node fails at once (it was never sent), one to a paused node
 * times out. Bounded: at most {@link #MAX_IN_FLIGHT_CHARS} of messages in flight (more are dropped and counted). Not
 * supported: Maelstrom's built-in services ({@code lin-kv}, {@code seq-kv} as destinations); such a line is rejected.
 */
final class MaelstromNetwork implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> nodeIds;
    private final NodeProcess[] nodes;
    private final Map<String, Consumer<JsonNode>> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maelstrom-network");
        t.setDaemon(true);
        return t;
    });
    private final long baseLatencyMs;
    private final SplittableRandom random;
    private final boolean[][] blocked;
    private long extraDelayMs;
    private long delivered;
    private long droppedByPartition;
    private long rejected;
    private long droppedOverBudget;
    private long inFlightChars;
    /** Messages in flight between nodes, in characters (a delay nemesis holds them longer). */
    static final long MAX_IN_FLIGHT_CHARS = 256L << 20;
    private final Consumer<String> onInitOk;
    /**
     * What the driver itself adds to a message between nodes: from reading the sender's line to queueing it for the
     * receiver's stdin, less the latency it chose to add (parsing, checks, the timer thread's lateness).
     */
    private final DurationSamples overhead = new DurationSamples(100_000);

    /** @param onInitOk called with a node's id when it answers {@code init} */
    MaelstromNetwork(List<String> nodeIds, long baseLatencyMs, long seed, Consumer<String> onInitOk) {
        this.nodeIds = List.copyOf(nodeIds);
        this.nodes = new NodeProcess[nodeIds.size()];
        this.baseLatencyMs = baseLatencyMs;
        this.random = new SplittableRandom(seed);
        this.blocked = new boolean[nodeIds.size()][nodeIds.size()];
        this.onInitOk = onInitOk;
    }

    void attach(int index, NodeProcess node) {
        nodes[index] = node;
    }

    void registerClient(String clientId, Consumer<JsonNode> onReply) {
        clients.put(clientId, onReply);
    }

    /** A line printed by node {@code from}. */
    void onNodeLine(int from, String line) {
        long readNs = System.nanoTime();
        JsonNode m;
        try {
            m = JSON.readTree(line);
        } catch (Exception e) {
            reject();
            return;
        }
        if (m == null || !m.isObject() || !m.path("src").isTextual() || !m.path("dest").isTextual()
                || !m.path("body").isObject() || !m.path("body").path("type").isTextual()
                || !m.get("src").asText().equals(nodeIds.get(from))) {
            reject();
            return;
        }
        String dest = m.get("dest").asText();
        int to = nodeIds.indexOf(dest);
        if (to >= 0) {
            route(from, to, line, readNs);
        } else if ("init_ok".equals(m.get("body").get("type").asText())) {
            onInitOk.accept(nodeIds.get(from));
        } else {
            Consumer<JsonNode> client = clients.get(dest);
            if (client == null) {
                reject();
            } else {
                client.accept(m.get("body"));
            }
        }
    }

    private void route(int from, int to, String line, long readNs) {
        long delayMs;
        synchronized (this) {
            if (blocked[from][to]) {
                droppedByPartition++;
                return;
            }
            if (inFlightChars + line.length() > MAX_IN_FLIGHT_CHARS) {
                droppedOverBudget++;
                return;
            }
            inFlightChars += line.length();
            // Exponential jitter around the base latency: Maelstrom's default network, seeded.
            delayMs = baseLatencyMs + (long) (-Math.log(1 - random.nextDouble()) * baseLatencyMs) + extraDelayMs;
        }
        long dueNs = readNs + TimeUnit.MILLISECONDS.toNanos(delayMs);
        timer.schedule(() -> arrive(from, to, line, dueNs), delayMs, TimeUnit.MILLISECONDS);
    }

    private void arrive(int from, int to, String line, long dueNs) {
        synchronized (this) {
            inFlightChars -= line.length();
            if (blocked[from][to]) {
                droppedByPartition++;
                return;
            }
            delivered++;
        }
        if (nodes[to].send(line)) overhead.add(System.nanoTime() - dueNs);
    }

    /** A client's request to node {@code to}; false when the node is down (or its queue full): nothing was sent. */
    boolean sendFromClient(String clientId, int to, ObjectNode body) {
        ObjectNode m = JSON.createObjectNode();
        m.put("src", clientId);
        m.put("dest", nodeIds.get(to));
        m.set("body", body);
        return nodes[to].send(m.toString());
    }

    /** Cuts every link between {@code side} and the rest, both ways. */
    synchronized void partition(boolean[] side) {
        for (int a = 0; a < blocked.length; a++) {
            for (int b = 0; b < blocked.length; b++) blocked[a][b] = side[a] != side[b];
        }
    }

    synchronized void heal() {
        for (boolean[] row : blocked) java.util.Arrays.fill(row, false);
        extraDelayMs = 0;
    }

    synchronized void setExtraDelayMs(long ms) {
        extraDelayMs = ms;
    }

    private synchronized void reject() {
        rejected++;
    }

    synchronized Map<String, Long> counters() {
        Map<String, Long> c = new java.util.TreeMap<>(Map.of("delivered", delivered, "droppedByPartition",
                droppedByPartition, "rejectedLines", rejected, "droppedOverBudget", droppedOverBudget));
        c.put("driverOverheadMedianUs", overhead.quantileUs(0.5));
        c.put("driverOverheadP99Us", overhead.quantileUs(0.99));
        return c;
    }

    /** One line for the progress output: messages routed and the driver's own cost per message. */
    String overheadLine() {
        if (overhead.count() == 0) return "network: no messages between nodes";
        return "network: " + overhead.count() + " messages between nodes; the driver's own cost per message "
                + "(read to queued, less the chosen latency; a uniform sample of 100,000 at most): median " + overhead.quantileUs(0.5) + " us, p99 "
                + overhead.quantileUs(0.99) + " us";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
