package multidriver.chaos.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import multidriver.chaos.client.Polling;
import multidriver.chaos.client.QueueClient;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ContainerCluster;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.cluster.ServiceCluster;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;

/**
 * RabbitMQ (Debian's {@code rabbitmq-server} 3.10) as a target: {@code node-0} starts alone and every other member
 * joins its cluster on first start ({@code rabbitmqctl join_cluster}); the run's queue is a quorum queue replicated on
 * every member (Raft, RabbitMQ's durable queue), or with {@code queue=mirrored} a classic queue mirrored to all
 * members by policy ({@code ha-mode: all}), the kind Jepsen's 2014 analysis saw lose confirmed messages under
 * partitions. The queue workload publishes with confirms and takes with manual acks ({@link RabbitClient}).
 *
 * <p>Each run makes its own Erlang cookie and its own user and password; the guest user is not used.
 */
public final class RabbitTarget implements TargetSystem {
    public static final String IMAGE = "multi-driver-rabbitmq:bookworm";
    static final int AMQP_PORT = 5672;
    private static final String BIN = "/usr/lib/rabbitmq/bin/";
    private static final String USER = "chaos";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public String summary() {
        return "RabbitMQ 3.10 (Debian rabbitmq-server, image " + IMAGE + " from scripts/build_target_image.sh"
                + " rabbitmq), amqp-client with publisher confirms and manual acks, one queue on every member";
    }

    @Override
    public List<String> workloads() {
        return List.of("queue");
    }

    @Override
    public List<TargetSetting> settings() {
        return List.of(TargetImage.setting(IMAGE),
                new TargetSetting("queue", "quorum", List.of("quorum", "mirrored"),
                        "quorum: a quorum queue (Raft) on every member; mirrored: a classic queue mirrored to all"),
                new TargetSetting("partition-handling", "pause_minority", List.of("pause_minority", "autoheal",
                        "ignore"), "cluster_partition_handling: what a member does when it loses its peers"));
    }

    @Override
    public void validate(RunOptions options) {
        if (options.cluster() == ClusterSource.COMPOSE) {
            ServiceCluster.validate(options, "rabbitmq");
        } else if (options.nodes() < 3) {
            throw new IllegalArgumentException("a RabbitMQ cluster under faults needs at least 3 members");
        }
    }

    @Override
    public RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker) {
        validate(options);
        boolean quorum = settings.get("queue").equals("quorum");
        if (options.cluster() == ClusterSource.COMPOSE) {
            if (!quorum || !settings.get("partition-handling").equals("pause_minority")) {
                throw new IllegalArgumentException("the compose service multi-driver-rabbitmq is one node: it takes"
                        + " the default queue=quorum and partition-handling");
            }
            ServiceCluster cluster = ServiceCluster.attach("rabbitmq", AMQP_PORT, docker);
            return new Running(cluster, new ClusterControl(cluster, docker), "multidriver",
                    ServiceCluster.secret("rabbitmq.password"),
                    Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 1), true);
        }
        String image = TargetImage.require(settings, docker, "rabbitmq");
        int members = options.nodes();
        SecureRandom random = new SecureRandom();
        String cookie = secret(random);
        String password = secret(random);
        String handling = settings.get("partition-handling");
        ContainerCluster cluster = ContainerCluster.start("rabbitmq", image, members, AMQP_PORT, "",
                (id, c) -> c.withCommand("sh", "-c", script(id, cookie, password, handling)));
        Map<String, Object> arguments = quorum
                ? Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", members)
                : Map.of();
        return new Running(cluster, new ClusterControl(cluster, docker), USER, password, arguments, quorum);
    }

    private static String secret(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Member {@code id}'s start. The cookie and configuration are written each time (the same each time); a member
     * other than {@code node-0} joins node-0's cluster on its first start only ({@code /data/joined}), so one that a
     * nemesis killed comes back as the member it was.
     */
    static String script(int id, String cookie, String password, String partitionHandling) {
        String conf = String.join("' '", "loopback_users = none", "log.console = true", "log.console.level = info",
                "log.file = false", "default_user = " + USER, "default_pass = " + password,
                "cluster_partition_handling = " + partitionHandling,
                // Erlang notices a lost peer after 45-75 s by default; faults here last seconds.
                "net_ticktime = 10");
        String server = BIN + "rabbitmq-server";
        String ctl = BIN + "rabbitmqctl";
        return "set -e\n"
                + "export HOME=/root RABBITMQ_NODENAME=rabbit@node-" + id
                + " RABBITMQ_MNESIA_BASE=/data/mnesia RABBITMQ_LOG_BASE=/data/log\n"
                + "rm -f /root/.erlang.cookie; printf '%s' '" + cookie + "' > /root/.erlang.cookie;"
                + " chmod 400 /root/.erlang.cookie\n"
                + "mkdir -p /etc/rabbitmq; printf '%s\\n' '" + conf + "' > /etc/rabbitmq/rabbitmq.conf\n"
                + (id == 0 ? "exec " + server + "\n"
                : "if [ -f /data/joined ]; then exec " + server + "; fi\n"
                + server + " & pid=$!\n"
                // The shell is the container's first process: pass `docker stop` on to the server.
                + "trap 'kill -TERM $pid; wait $pid; exit 0' TERM INT\n"
                + "n=0; until " + ctl + " -q --timeout 10 await_startup; do n=$((n+1)); [ $n -lt 90 ] || exit 1;"
                + " sleep 1; done\n"
                + ctl + " stop_app\n"
                + "n=0; until " + ctl + " join_cluster rabbit@node-0; do n=$((n+1)); [ $n -lt 90 ] || exit 1;"
                + " sleep 1; done\n"
                + ctl + " start_app\n"
                + "touch /data/joined\n"
                + "wait $pid\n");
    }

    private static final class Running implements RunningTarget {
        private final Cluster cluster;
        private final ClusterControl control;
        private final String user;
        private final String password;
        private final Map<String, Object> arguments;
        private final boolean quorum;
        private boolean policySet;

        Running(Cluster cluster, ClusterControl control, String user, String password,
                Map<String, Object> arguments, boolean quorum) {
            this.cluster = cluster;
            this.control = control;
            this.user = user;
            this.password = password;
            this.arguments = arguments;
            this.quorum = quorum;
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        /**
         * Ready when every member runs every member (the same cluster, no partition), and, for a mirrored queue, once
         * the policy that mirrors the run's queues to all members is in place.
         */
        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return Polling.await(timeout, () -> {
                for (int i = 0; i < cluster.size(); i++) {
                    if (runningNodes(i) != cluster.size()) return Optional.empty();
                }
                if (!quorum && !policySet) {
                    policySet = control.exec(0, BIN + "rabbitmqctl", "-q", "set_policy", "--apply-to", "queues",
                            "chaos-mirror-all", "^chaos-", "{\"ha-mode\":\"all\",\"ha-sync-mode\":\"automatic\"}")
                            .ok();
                    if (!policySet) return Optional.empty();
                }
                return Optional.of(cluster.size() + " members running" + (quorum ? "" : ", queues mirrored to all"));
            });
        }

        /**
         * How many members {@code member} says are running, or -1 when it does not answer or knows of a partition
         * (with {@code partition-handling=ignore} a split cluster lists every member as running).
         */
        private int runningNodes(int member) {
            MemberView v = view(member);
            return v.error() == null && v.partitions().isEmpty() ? v.running() : -1;
        }

        /** What one member's {@code cluster_status} says: running members, partitions it lists, or why no answer. */
        private record MemberView(int running, String partitions, String error) {
            String describe() {
                return error != null ? "does not answer (" + error + ")"
                        : "sees " + running + " running" + (partitions.isEmpty() ? "" : ", lists partitions " + partitions);
            }
        }

        private MemberView view(int member) {
            DockerCli.Result r = control.exec(member, BIN + "rabbitmqctl", "-q", "--timeout", "5", "cluster_status",
                    "--formatter", "json");
            if (!r.ok()) {
                String why = (r.stderr() + " " + r.stdout()).strip();
                return new MemberView(-1, "", why.isEmpty() ? "exit " + r.exitCode()
                        : why.lines().findFirst().orElse(why));
            }
            try {
                JsonNode status = JSON.readTree(r.stdout());
                JsonNode running = status.path("running_nodes");
                JsonNode partitions = status.path("partitions");
                return new MemberView(running.isArray() ? running.size() : -1,
                        partitions.size() > 0 ? partitions.toString() : "", null);
            } catch (java.io.IOException e) {
                return new MemberView(-1, "", "unreadable status: " + e.getMessage());
            }
        }

        /** {@code messages_ready + messages_unacknowledged} of {@code queue}, from the first member that answers. */
        @Override
        public java.util.OptionalLong queueBacklog(String queue) {
            for (int i = 0; i < cluster.size(); i++) {
                DockerCli.Result r = control.exec(i, BIN + "rabbitmqctl", "-q", "--timeout", "5", "list_queues",
                        "name", "messages_ready", "messages_unacknowledged", "--formatter", "json");
                if (!r.ok()) continue;
                try {
                    for (JsonNode q : JSON.readTree(r.stdout())) {
                        if (q.path("name").asText().equals(queue)) {
                            return java.util.OptionalLong.of(q.path("messages_ready").asLong()
                                    + q.path("messages_unacknowledged").asLong());
                        }
                    }
                    return java.util.OptionalLong.of(0); // not declared: nothing in it
                } catch (java.io.IOException e) {
                    // try the next member
                }
            }
            return java.util.OptionalLong.empty();
        }

        /** The member that leads the run's quorum queue, or hosts its classic queue's master, as RabbitMQ says. */
        @Override
        public OptionalInt primary() {
            for (int i = 0; i < cluster.size(); i++) {
                DockerCli.Result r = control.exec(i, BIN + "rabbitmqctl", "-q", "--timeout", "5", "list_queues",
                        "name", quorum ? "leader" : "pid", "--formatter", "json");
                if (!r.ok()) continue;
                try {
                    for (JsonNode q : JSON.readTree(r.stdout())) {
                        if (!q.path("name").asText().startsWith("chaos-")) continue;
                        String where = q.path(quorum ? "leader" : "pid").asText();
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("rabbit@node-(\\d+)").matcher(where);
                        if (m.find()) return OptionalInt.of(Integer.parseInt(m.group(1)));
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // try the next member
                }
            }
            return OptionalInt.empty();
        }

        @Override
        public String status() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cluster.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append("node-").append(i).append(' ').append(view(i).describe());
            }
            return sb.toString();
        }

        @Override
        public RegisterClient client(int home) {
            throw new UnsupportedOperationException("rabbitmq has the queue workload only");
        }

        @Override
        public QueueClient queueClient(int home) {
            return new RabbitClient(cluster, home, user, password, arguments, 2_500);
        }


        @Override
        public void close() {
            cluster.close();
        }
    }
}
