package multidriver.chaos.maelstrom;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code scripts/maelstrom.sh}.
 *
 * @param command          the node binary and its arguments, started once per node
 * @param nodes            how many processes
 * @param timeLimitS       seconds of workload and faults
 * @param ratePerSec       client operations per second over all clients
 * @param concurrency      client threads
 * @param keys             lin-kv keys the clients use
 * @param nemeses          fault kinds ({@link MaelstromNemesis#KINDS}); empty for none
 * @param latencyMs        the network's base one-way latency (plus exponential jitter of the same mean)
 * @param timeoutMs        a client's wait for a reply before the op is indeterminate
 * @param memoryLimitBytes data-segment limit of every process ({@code ulimit -d}: heap and private writable
 *                         mappings; an address-space limit would stop a JVM or V8 that reserves ranges up front)
 * @param seed             seed of the op mix, the network's delays and the nemesis
 * @param out              report base directory
 */
public record MaelstromOptions(List<String> command, int nodes, int timeLimitS, double ratePerSec, int concurrency,
                               int keys, List<String> nemeses, long latencyMs, long timeoutMs, long memoryLimitBytes,
                               long seed, Path out) {
    public MaelstromOptions {
        command = List.copyOf(command);
        nemeses = List.copyOf(nemeses);
        if (command.isEmpty()) throw new IllegalArgumentException("--bin is required: the node program to run");
        if (nodes < 1 || nodes > 25) throw new IllegalArgumentException("--nodes must be in [1, 25], got " + nodes);
        if (timeLimitS < 1 || timeLimitS > 3600) {
            throw new IllegalArgumentException("--time-limit must be in [1, 3600] seconds, got " + timeLimitS);
        }
        if (!(ratePerSec > 0 && ratePerSec <= 10_000)) {
            throw new IllegalArgumentException("--rate must be in (0, 10000] ops/s, got " + ratePerSec);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("--concurrency must be in [1, 256], got " + concurrency);
        }
        if (keys < 1 || keys > 1000) throw new IllegalArgumentException("--keys must be in [1, 1000], got " + keys);
        if (latencyMs < 0 || latencyMs > 10_000) throw new IllegalArgumentException("--latency must be in [0, 10000] ms");
        if (timeoutMs < 10 || timeoutMs > 60_000) throw new IllegalArgumentException("--timeout must be in [10, 60000] ms");
        if (memoryLimitBytes < (16L << 20)) throw new IllegalArgumentException("--memory-limit must be at least 16 MiB");
        if (ratePerSec * timeLimitS > 900_000) {
            // Two events per op, and a chaos history holds at most 2,000,000 events.
            throw new IllegalArgumentException("--rate × --time-limit must stay at most 900,000 operations, got "
                    + (long) (ratePerSec * timeLimitS));
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("workload", "lin-kv");
        m.put("nodes", nodes);
        m.put("timeLimitS", timeLimitS);
        m.put("ratePerSec", ratePerSec);
        m.put("concurrency", concurrency);
        m.put("keys", keys);
        m.put("nemesis", nemeses.isEmpty() ? "none" : String.join(",", nemeses));
        m.put("latencyMs", latencyMs);
        m.put("timeoutMs", timeoutMs);
        m.put("memoryLimitBytes", memoryLimitBytes);
        m.put("seed", seed);
        return m;
    }
}
