package multidriver.chaos.cluster;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.testcontainers.images.builder.Transferable;

/**
 * A fresh cluster of multi-driver nodes for one run ({@link ContainerCluster} with the node contract's environment):
 * a new cluster secret and a new admin token for the harness's clients, both copied into every container.
 */
public final class TestcontainersCluster {
    private TestcontainersCluster() {
    }

    /** Creates the network and starts every node container (without waiting for a leader). */
    public static ContainerCluster start(ClusterSpec spec) {
        // 32 random bytes, base64: the members' shared secret for this cluster's Raft frames.
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] secret = Base64.getEncoder().encode(random);
        // And a fresh admin token for the harness's clients, the only line of this cluster's tokens file.
        byte[] tokenBytes = new byte[32];
        new SecureRandom().nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        byte[] tokens = ("admin chaos " + token + "\n").getBytes(StandardCharsets.US_ASCII);
        return ContainerCluster.start("multi-driver", spec.image(), spec.nodes(), ClusterSpec.HTTP_PORT, token,
                (id, c) -> c.withEnv(spec.environment(id))
                        // The cluster secret every Raft frame is signed with: new for every cluster, never a default.
                        .withCopyToContainer(Transferable.of(secret, 0400), ClusterSpec.SECRET_PATH)
                        .withCopyToContainer(Transferable.of(tokens, 0400), ClusterSpec.TOKENS_PATH));
    }
}
