package multidriver.chaos.target;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import multidriver.chaos.client.Polling;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.client.SetClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ClusterSpec;
import multidriver.chaos.cluster.ContainerCluster;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.cluster.ServiceCluster;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;
import redis.clients.jedis.Jedis;

/**
 * Redis with Sentinel (Debian's {@code redis-server} 7 and {@code redis-sentinel}) as a target: every member runs a
 * Redis server and a sentinel; {@code node-0} starts as the primary and the others replicate it; the sentinels
 * (quorum: a majority) fail over when the primary is unreachable for 2 s. Clients follow the primary their
 * sentinels name ({@link RedisClient}).
 *
 * <p>Redis replicates asynchronously and acknowledges a write before any replica has it, so a primary cut off with a
 * minority keeps acknowledging writes that the failover on the majority side then discards: Jepsen's 2013 analysis
 * of Redis Sentinel lost most acknowledged writes this way. The harness reports them as lost writes and as
 * non-linearizable reads ({@code --nemesis isolate-primary}).
 */
public final class RedisTarget implements TargetSystem {
    public static final String IMAGE = "multi-driver-redis:bookworm";
    static final int SERVER_PORT = 6379;
    private static final int DOWN_AFTER_MS = 2_000;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String summary() {
        return "Redis 7 with Sentinel (Debian redis-server + redis-sentinel on every member, image " + IMAGE
                + " from scripts/build_target_image.sh redis), Jedis client following the sentinels' primary,"
                + " register per key (GET / SET / compare-and-set script)";
    }

    @Override
    public List<String> workloads() {
        return List.of("register", "set");
    }

    @Override
    public List<TargetSetting> settings() {
        return List.of(TargetImage.setting(IMAGE));
    }

    @Override
    public void validate(RunOptions options) {
        if (options.cluster() == ClusterSource.COMPOSE) {
            ServiceCluster.validate(options, "redis");
        } else if (options.nodes() < 3) {
            throw new IllegalArgumentException("Redis Sentinel needs at least 3 members for a quorum");
        }
    }

    @Override
    public RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker) {
        validate(options);
        if (options.cluster() == ClusterSource.COMPOSE) {
            return new Standalone(ServiceCluster.attach("redis", SERVER_PORT, docker),
                    ServiceCluster.secret("redis.password"));
        }
        String image = TargetImage.require(settings, docker, "redis");
        int members = options.nodes();
        int quorum = members / 2 + 1;
        ContainerCluster cluster = ContainerCluster.start("redis", image, members, SERVER_PORT,
                List.of(RedisSentinels.SENTINEL_PORT), "", (id, c) -> c.withCommand("sh", "-c", script(id, quorum)));
        return new Running(cluster, new ClusterControl(cluster, docker));
    }

    /**
     * Member {@code id}'s start: its configuration files are written on first start only (the sentinel and a failover
     * rewrite them, and a restarted member must come back with what they say), then the sentinel in the background
     * and the server in the foreground, both logging to the container's output.
     */
    static String script(int id, int quorum) {
        String alias = ClusterSpec.alias(id);
        String server = String.join("' '", "port " + SERVER_PORT, "protected-mode no", "dir /data", "appendonly yes",
                "replica-announce-ip " + alias) + (id == 0 ? "" : "' 'replicaof " + ClusterSpec.alias(0) + " "
                + SERVER_PORT);
        String sentinel = String.join("' '", "port " + RedisSentinels.SENTINEL_PORT, "protected-mode no",
                "dir /data", "sentinel resolve-hostnames yes", "sentinel announce-hostnames yes",
                "sentinel announce-ip " + alias,
                "sentinel monitor " + RedisSentinels.MASTER + " " + ClusterSpec.alias(0) + " " + SERVER_PORT + " "
                        + quorum,
                "sentinel down-after-milliseconds " + RedisSentinels.MASTER + " " + DOWN_AFTER_MS,
                "sentinel failover-timeout " + RedisSentinels.MASTER + " 10000");
        return "set -e\n"
                + "[ -f /data/redis.conf ] || printf '%s\\n' '" + server + "' > /data/redis.conf\n"
                + "[ -f /data/sentinel.conf ] || printf '%s\\n' '" + sentinel + "' > /data/sentinel.conf\n"
                + "redis-sentinel /data/sentinel.conf &\n"
                + "exec redis-server /data/redis.conf\n";
    }

    private static final class Running implements RunningTarget {
        private final ContainerCluster cluster;
        private final RedisSentinels sentinels;

        Running(ContainerCluster cluster, ClusterControl control) {
            this.cluster = cluster;
            this.sentinels = new RedisSentinels(cluster, control);
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        /**
         * Ready when every sentinel names the same primary and knows every replica and every other sentinel (without
         * them it could not fail over), and that primary says it is one, with every replica connected.
         */
        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return Polling.await(timeout, () -> {
                OptionalInt first = sentinels.primaryAsSeenBy(0);
                if (first.isEmpty()) return Optional.empty();
                int others = cluster.size() - 1;
                for (int i = 0; i < cluster.size(); i++) {
                    Map<String, String> state = sentinels.masterState(i);
                    if ((i > 0 && !first.equals(sentinels.primaryAsSeenBy(i)))
                            || !String.valueOf(others).equals(state.get("num-slaves"))
                            || !String.valueOf(others).equals(state.get("num-other-sentinels"))) {
                        return Optional.empty();
                    }
                }
                String replication = replication(first.getAsInt());
                boolean primary = replication.contains("role:master")
                        && replication.contains("connected_slaves:" + others);
                return primary ? Optional.of("primary node-" + first.getAsInt()) : Optional.empty();
            });
        }

        private String replication(int member) {
            try (Jedis j = new Jedis("127.0.0.1", cluster.publishedPort(member, SERVER_PORT), 500)) {
                return j.info("replication");
            } catch (RuntimeException e) {
                return "";
            }
        }

        /** The primary most answering sentinels name (a plurality; ties go to the lowest member). */
        @Override
        public OptionalInt primary() {
            int[] votes = new int[cluster.size()];
            for (int i = 0; i < cluster.size(); i++) {
                sentinels.primaryAsSeenBy(i).ifPresent(p -> votes[p]++);
            }
            int best = -1;
            for (int p = 0; p < votes.length; p++) {
                if (votes[p] > 0 && (best < 0 || votes[p] > votes[best])) best = p;
            }
            return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
        }

        @Override
        public String status() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cluster.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append("node-").append(i).append(" sentinel says primary ")
                        .append(sentinels.primaryAsSeenBy(i)).append(' ').append(sentinels.masterState(i).get("flags"));
            }
            return sb.toString();
        }

        @Override
        public RegisterClient client(int home) {
            return new RedisClient(cluster, () -> sentinels.primary(home), null);
        }

        @Override
        public SetClient setClient(int home) {
            return new RedisClient(cluster, () -> sentinels.primary(home), null);
        }


        @Override
        public void close() {
            cluster.close();
        }
    }

    /**
     * The compose service {@code multi-driver-redis} (one server, no sentinel, a password), borrowed: the same clients
     * on its one primary. Its append-only file is written before each reply, so a kill loses nothing acknowledged.
     */
    private static final class Standalone implements RunningTarget {
        private final ServiceCluster cluster;
        private final String password;

        Standalone(ServiceCluster cluster, String password) {
            this.cluster = cluster;
            this.password = password;
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return Polling.await(timeout, () -> "PONG".equals(ping()) ? Optional.of("multi-driver-redis answers")
                    : Optional.empty());
        }

        private String ping() {
            try (Jedis j = new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1",
                    cluster.publishedPort(0, SERVER_PORT)), redis.clients.jedis.DefaultJedisClientConfig.builder()
                    .timeoutMillis(500).password(password).build())) {
                return j.ping();
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }

        @Override
        public OptionalInt primary() {
            return OptionalInt.of(0);
        }

        @Override
        public String status() {
            return "multi-driver-redis: " + ping();
        }

        @Override
        public RegisterClient client(int home) {
            return new RedisClient(cluster, () -> OptionalInt.of(0), password);
        }

        @Override
        public SetClient setClient(int home) {
            return new RedisClient(cluster, () -> OptionalInt.of(0), password);
        }


        @Override
        public void close() {
            cluster.close();
        }
    }
}
