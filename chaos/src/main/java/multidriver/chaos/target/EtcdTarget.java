package multidriver.chaos.target;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import multidriver.chaos.client.Polling;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ClusterNode;
import multidriver.chaos.cluster.ClusterSpec;
import multidriver.chaos.cluster.ContainerCluster;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.run.RunOptions;
import multidriver.check.model.Model;
import multidriver.check.model.Models;

/**
 * etcd (Debian's {@code etcd-server}, etcd 3.4) as a target: members {@code node-<i>} peering on 2380, clients on
 * 2379 published on loopback, reached with jetcd (etcd's own Java client). The workload is a register per key: read
 * ({@code Range}), write ({@code Put}) and compare-and-set (a transaction comparing the value).
 *
 * <p>{@code reads=linearizable} (etcd's default) reads through the leader's ReadIndex; {@code reads=serializable}
 * lets any member answer from its own copy, which etcd documents as possibly stale: under a partition a minority
 * member keeps answering with the value it had, and the checker must say so.
 */
public final class EtcdTarget implements TargetSystem {
    public static final String IMAGE = "multi-driver-etcd:bookworm";
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    private static final Duration STATUS_TIMEOUT = Duration.ofMillis(1_000);

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String summary() {
        return "etcd 3.4 (Debian etcd-server, image " + IMAGE + " from scripts/build_target_image.sh etcd), jetcd"
                + " client, register per key (get / put / txn on value)";
    }

    @Override
    public List<TargetSetting> settings() {
        return List.of(
                new TargetSetting("reads", "linearizable", List.of("linearizable", "serializable"),
                        "linearizable: reads go through the leader (ReadIndex); serializable: any member answers from"
                                + " its own copy (may be stale)"),
                TargetImage.setting(IMAGE));
    }

    @Override
    public void validate(RunOptions options) {
        if (options.cluster() == multidriver.chaos.run.ClusterSource.COMPOSE) {
            throw new IllegalArgumentException("--target etcd has no compose service to borrow; it starts its own"
                    + " members (leave out --cluster)");
        }
    }

    @Override
    public RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker) {
        String image = TargetImage.require(settings, docker, "etcd");
        int members = options.nodes();
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < members; i++) {
            initial.append(i == 0 ? "" : ",").append(ClusterSpec.alias(i)).append("=http://")
                    .append(ClusterSpec.alias(i)).append(':').append(PEER_PORT);
        }
        String token = "multi-driver-chaos-" + Long.toHexString(options.seed());
        Cluster cluster = ContainerCluster.start("etcd", image, members, CLIENT_PORT, "", (id, c) -> c.withCommand(
                "/usr/bin/etcd", "--name", ClusterSpec.alias(id), "--data-dir", "/data/etcd",
                "--listen-client-urls", "http://0.0.0.0:" + CLIENT_PORT,
                "--advertise-client-urls", "http://" + ClusterSpec.alias(id) + ":" + CLIENT_PORT,
                "--listen-peer-urls", "http://0.0.0.0:" + PEER_PORT,
                "--initial-advertise-peer-urls", "http://" + ClusterSpec.alias(id) + ":" + PEER_PORT,
                "--initial-cluster", initial.toString(), "--initial-cluster-state", "new",
                "--initial-cluster-token", token,
                // etcd's defaults (100 ms, 1 s): stated, so a report says what ran.
                "--heartbeat-interval", "100", "--election-timeout", "1000"));
        try {
            return new Running(cluster, "serializable".equals(settings.get("reads")));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static final class Running implements RunningTarget {
        private final Cluster cluster;
        private final boolean serializableReads;
        /** One client per member, for its status (which member it is, whom it follows). */
        private final List<Client> probes = new ArrayList<>();

        Running(Cluster cluster, boolean serializableReads) {
            this.cluster = cluster;
            this.serializableReads = serializableReads;
            for (ClusterNode n : cluster.nodes()) {
                probes.add(EtcdRegisterClient.connect(n));
            }
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return Polling.await(timeout, () -> {
                Map<Integer, StatusResponse> s = statuses();
                OptionalInt leader = leaderOf(s);
                boolean agreed = s.size() == cluster.size() && leader.isPresent()
                        && s.values().stream().allMatch(r -> r.getLeader() == s.get(leader.getAsInt()).getLeader());
                return agreed ? Optional.of("leader node-" + leader.getAsInt()) : Optional.empty();
            });
        }

        @Override
        public OptionalInt primary() {
            return leaderOf(statuses());
        }

        /** The member whose own id is the leader id that the answering members report in the highest term. */
        private static OptionalInt leaderOf(Map<Integer, StatusResponse> statuses) {
            StatusResponse newest = null;
            for (StatusResponse r : statuses.values()) {
                if (r.getLeader() != 0 && (newest == null || r.getRaftTerm() > newest.getRaftTerm())) newest = r;
            }
            if (newest == null) return OptionalInt.empty();
            for (Map.Entry<Integer, StatusResponse> e : statuses.entrySet()) {
                if (e.getValue().getHeader().getMemberId() == newest.getLeader()) return OptionalInt.of(e.getKey());
            }
            return OptionalInt.empty();
        }

        /** Member index to its status, for the members that answered in time. */
        private Map<Integer, StatusResponse> statuses() {
            Map<Integer, StatusResponse> out = new TreeMap<>();
            for (int i = 0; i < cluster.size(); i++) {
                try {
                    out.put(i, probes.get(i).getMaintenanceClient()
                            .statusMember(EtcdRegisterClient.endpoint(cluster.node(i)))
                            .get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                    // not answering now: left out
                }
            }
            return out;
        }

        @Override
        public String status() {
            StringBuilder sb = new StringBuilder();
            statuses().forEach((i, r) -> sb.append(sb.length() == 0 ? "" : ", ").append("node-").append(i)
                    .append(": term ").append(r.getRaftTerm()).append(" leader ")
                    .append(Long.toHexString(r.getLeader())).append(" self ")
                    .append(Long.toHexString(r.getHeader().getMemberId())));
            return sb.length() == 0 ? "no member answered" : sb.toString();
        }

        @Override
        public RegisterClient client(int home) {
            return new EtcdRegisterClient(cluster.node(home), serializableReads);
        }

        @Override
        public RegisterClient finalReader(int member) {
            // After the heal the final reads must see the truth: always linearizable.
            return new EtcdRegisterClient(cluster.node(member), false);
        }

        @Override
        public Model model() {
            // Keys start absent and are never deleted: a read of nothing asserts the register is still empty.
            return Models.casRegister(null, false);
        }

        @Override
        public void close() {
            for (Client probe : probes) {
                try {
                    probe.close();
                } catch (RuntimeException e) {
                    // a probe of a member that is gone: nothing left to release
                }
            }
            cluster.close();
        }
    }
}
