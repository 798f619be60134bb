package multidriver.chaos.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a chaos run is configured by.
 *
 * @param nodes           cluster size
 * @param timeLimitS      seconds of workload and faults (the heal, final reads and checking come after)
 * @param nemeses         comma-separated nemesis names (see {@link multidriver.chaos.nemesis.NemesisCatalog})
 * @param ratePerSec      target client ops per second over all clients
 * @param concurrency     client threads
 * @param cluster         for multi-driver: a fresh Testcontainers cluster or the running compose cluster
 * @param nodeEnv         extra node environment (multi-driver on Testcontainers only)
 * @param outBase         reports go to {@code outBase/<timestamp>/}, with {@code outBase/latest} pointing there
 * @param seed            seeds the workload and the nemesis choices
 * @param quietS          seconds without a fault before each fault
 * @param faultS          seconds each fault is held
 * @param opsPerKey       ops on one key before its client group moves on
 * @param clientsPerKey   clients sharing one key
 * @param throughProxy    clients go through the compose cluster's reverse proxy (HTTPS on 127.0.0.1:8443)
 * @param target          the system under test, by {@link multidriver.chaos.target.Targets} name
 * @param targetOptions   its settings ({@code --target-opt KEY=VALUE}), checked by the target
 * @param workload        {@code register} (read / write / cas per key, checked for linearizability) or {@code set}
 *                        (unique adds to one set and a final read, checked for lost and unexpected elements),
 *                        {@code queue} (enqueues and dequeues, a drain: lost, duplicated, unexpected messages) or
 *                        {@code bank} (transfers and reads of all balances: totals, negative balances, lost commits)
 *                        or {@code files} (uploads and downloads of whole files: every acknowledged upload byte for
 *                        byte after the heal)
 */
public record RunOptions(int nodes, int timeLimitS, String nemeses, double ratePerSec, int concurrency,
                         ClusterSource cluster, Map<String, String> nodeEnv, Path outBase, long seed, double quietS,
                         double faultS, int opsPerKey, int clientsPerKey, boolean throughProxy, String target,
                         Map<String, String> targetOptions, String workload) {
    public RunOptions(int nodes, int timeLimitS, String nemeses, double ratePerSec, int concurrency,
                      ClusterSource cluster, Map<String, String> nodeEnv, Path outBase, long seed, double quietS,
                      double faultS, int opsPerKey, int clientsPerKey) {
        this(nodes, timeLimitS, nemeses, ratePerSec, concurrency, cluster, nodeEnv, outBase, seed, quietS, faultS,
                opsPerKey, clientsPerKey, false, "multidriver", Map.of(), "register");
    }

    public RunOptions {
        if (!workload.equals("register") && TotalWorkload.byName(workload).isEmpty()) {
            throw new IllegalArgumentException("--workload must be register, set, queue, bank or files, got " + workload);
        }
        boolean multiDriver = "multidriver".equals(target);
        if (!multiDriver && (!nodeEnv.isEmpty() || throughProxy)) {
            throw new IllegalArgumentException("--node-env and --through-proxy are settings of a"
                    + " multi-driver cluster; --target " + target + " takes --target-opt KEY=VALUE");
        }
        if (throughProxy && cluster != ClusterSource.COMPOSE) {
            throw new IllegalArgumentException("--through-proxy needs --cluster compose: the proxy is a service of"
                    + " docker-compose.yml");
        }
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes must be 1..9, got " + nodes);
        }
        if (timeLimitS < 1 || timeLimitS > 3_600) {
            throw new IllegalArgumentException("--time-limit must be 1..3600 s, got " + timeLimitS);
        }
        if (cluster == ClusterSource.COMPOSE && !nodeEnv.isEmpty()) {
            throw new IllegalArgumentException("--node-env needs --cluster testcontainers: the compose cluster's "
                    + "environment is fixed by docker-compose.yml");
        }
        if (cluster == ClusterSource.COMPOSE && nodes > 5) {
            throw new IllegalArgumentException("the compose cluster has 5 nodes, got --nodes " + nodes);
        }
        if (quietS < 0 || faultS <= 0) {
            throw new IllegalArgumentException("need --quiet >= 0 and --fault-duration > 0");
        }
        nodeEnv = Map.copyOf(new TreeMap<>(nodeEnv));
        targetOptions = Map.copyOf(new TreeMap<>(targetOptions));
    }

    /** The same run against another target system with its settings. */
    public RunOptions withTarget(String otherTarget, Map<String, String> otherOptions) {
        return new RunOptions(nodes, timeLimitS, nemeses, ratePerSec, concurrency, cluster, nodeEnv, outBase, seed,
                quietS, faultS, opsPerKey, clientsPerKey, throughProxy, otherTarget, otherOptions, workload);
    }

    /** The same run with another workload. */
    public RunOptions withWorkload(String otherWorkload) {
        return new RunOptions(nodes, timeLimitS, nemeses, ratePerSec, concurrency, cluster, nodeEnv, outBase, seed,
                quietS, faultS, opsPerKey, clientsPerKey, throughProxy, target, targetOptions, otherWorkload);
    }

    /** JSON-friendly form for results.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new TreeMap<>();
        m.put("nodes", nodes);
        m.put("timeLimitS", timeLimitS);
        m.put("nemesis", nemeses);
        m.put("ratePerSec", ratePerSec);
        m.put("concurrency", concurrency);
        m.put("target", target);
        m.put("targetOptions", targetOptions);
        m.put("workload", workload);
        m.put("cluster", cluster.name().toLowerCase(java.util.Locale.ROOT));
        m.put("nodeEnv", nodeEnv);
        m.put("seed", seed);
        m.put("quietS", quietS);
        m.put("faultS", faultS);
        m.put("opsPerKey", opsPerKey);
        m.put("clientsPerKey", clientsPerKey);
        m.put("throughProxy", throughProxy);
        return m;
    }
}
