package multidriver.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import multidriver.chaos.cluster.RepoRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cluster certs}: the cluster's private CA and certificates (scripts/make_certs.sh). */
@Command(name = "certs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates in DIR (default: <repo>/secrets/tls, readable by this user only):",
                "  ca.key, ca.crt              cluster CA (EC P-256, 10 years, CA:true, keyCertSign+cRLSign)",
                "  node-<i>.key, node-<i>.crt  for i in 0..N-1: CN=node-<i>, SAN DNS:node-<i>,"
                        + " DNS:multi-driver-node-<i>, DNS:localhost, IP:127.0.0.1, serverAuth+clientAuth, 2 years",
                "  proxy.key, proxy.crt        CN=multi-driver-proxy, SAN DNS:localhost, DNS:multi-driver-proxy,"
                        + " IP:127.0.0.1, serverAuth, 2 years",
                "  client.key, client.crt      CN=client, clientAuth, 2 years",
                "Keys are PKCS#8 PEM. Existing files are kept (a missing certificate is signed for an existing key)"
                        + " unless --force, which recreates everything (a new CA invalidates every old certificate)."
                        + " Every certificate is verified against ca.crt at the end.", ""},
        footer = {"", "Exit codes: 0 all certificates present and verified, 2 error (bad argument, verify failed)."})
final class ClusterCertsCommand extends Tool {
    @Option(names = "--dir", paramLabel = "DIR", description = "output directory")
    Path dir;

    @Option(names = "--force", description = "recreate all keys and certificates")
    boolean force;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "number of nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--node", paramLabel = "ID", description = "also a certificate for server ID (repeatable): a server"
            + " that joins later under a new id (scripts/replace_node.sh)")
    List<Integer> extraIds = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (nodes < 1 || nodes > 999) throw new ClusterException("--nodes must be a positive integer, got " + nodes);
        for (int id : extraIds) {
            if (id < 0 || id > 9_999_999) throw new ClusterException("--node needs a server id (a number), got " + id);
        }
        Path target = dir != null ? dir : new ClusterLayout(RepoRoot.find()).tlsDir();
        multidriver.node.transport.ClusterCerts.ensure(target, nodes, extraIds, force, out);
        return 0;
    }
}
