package multidriver.chaos.target;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import multidriver.chaos.cluster.ClusterControl;
import multidriver.chaos.cluster.ClusterSpec;
import multidriver.chaos.cluster.ContainerCluster;
import redis.clients.jedis.Jedis;

/**
 * What Redis Sentinel says about a cluster, asked through each member's sentinel (published on loopback) with Jedis:
 * which member is the primary, as one sentinel sees it. Sentinels announce members by host name ({@code node-<i>});
 * an address is mapped back to its member through Docker, because the host never talks to container addresses.
 */
final class RedisSentinels {
    static final String MASTER = "mymaster";
    static final int SENTINEL_PORT = 26379;
    private static final int TIMEOUT_MS = 500;

    private final ContainerCluster cluster;
    private final ClusterControl control;

    RedisSentinels(ContainerCluster cluster, ClusterControl control) {
        this.cluster = cluster;
        this.control = control;
    }

    /** The primary that member {@code i}'s sentinel names now; empty when it does not answer. */
    OptionalInt primaryAsSeenBy(int i) {
        try (Jedis sentinel = new Jedis("127.0.0.1", cluster.publishedPort(i, SENTINEL_PORT), TIMEOUT_MS)) {
            List<String> address = sentinel.sentinelGetMasterAddrByName(MASTER);
            return address == null || address.isEmpty() ? OptionalInt.empty() : member(address.get(0));
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The first answer, asking member {@code first}'s sentinel first, then the others in turn. */
    OptionalInt primary(int first) {
        for (int k = 0; k < cluster.size(); k++) {
            OptionalInt p = primaryAsSeenBy((first + k) % cluster.size());
            if (p.isPresent()) return p;
        }
        return OptionalInt.empty();
    }

    /** Member {@code i}'s sentinel's view of the master: replicas and other sentinels it knows, flags. */
    Map<String, String> masterState(int i) {
        try (Jedis sentinel = new Jedis("127.0.0.1", cluster.publishedPort(i, SENTINEL_PORT), TIMEOUT_MS)) {
            return sentinel.sentinelMaster(MASTER);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private OptionalInt member(String host) {
        for (int i = 0; i < cluster.size(); i++) {
            if (host.equals(ClusterSpec.alias(i))) return OptionalInt.of(i);
        }
        for (int i = 0; i < cluster.size(); i++) {
            if (host.equals(control.ipAddress(i))) return OptionalInt.of(i);
        }
        return OptionalInt.empty();
    }
}
