package multidriver.chaos.target;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import multidriver.chaos.client.ClusterProbe;
import multidriver.chaos.client.MultiDriverClient;
import multidriver.chaos.client.NodeHttp;
import multidriver.chaos.client.FileClient;
import multidriver.chaos.client.MultiDriverFileClient;
import multidriver.chaos.client.OpExecutor;
import multidriver.chaos.client.RegisterClient;
import multidriver.chaos.cluster.Cluster;
import multidriver.chaos.cluster.ClusterNode;
import multidriver.chaos.cluster.ClusterSpec;
import multidriver.chaos.cluster.ComposeCluster;
import multidriver.chaos.cluster.DockerCli;
import multidriver.chaos.cluster.NodeImage;
import multidriver.chaos.cluster.RepoRoot;
import multidriver.chaos.cluster.TestcontainersCluster;
import multidriver.chaos.run.ClusterSource;
import multidriver.chaos.run.RunOptions;
import multidriver.check.model.Model;
import multidriver.check.model.Models;
import multidriver.node.transport.PeerTls;

/**
 * multi-driver's own node as a target: a fresh cluster from the node image ({@code --cluster testcontainers}, with
 * {@code --node-env}) or the running compose cluster ({@code --cluster compose}, optionally {@code --through-proxy}),
 * clients over the HTTP API with sessions, readiness and the leader from {@code /status}, and the admin API for the
 * transfer and membership nemeses.
 */
public final class MultiDriverTarget implements TargetSystem {
    /** The compose cluster's reverse proxy, as docker-compose.yml publishes it. */
    static final URI PROXY_BASE = URI.create("https://127.0.0.1:8443");
    /** One HTTP attempt, and all attempts of one operation. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1_000);
    private static final Duration OP_DEADLINE = Duration.ofMillis(2_500);
    /** One file transfer: a few MiB through Raft, one chunk commit at a time, on a loaded machine. */
    private static final Duration FILE_TIMEOUT = Duration.ofSeconds(15);

    @Override
    public String name() {
        return "multidriver";
    }

    @Override
    public String summary() {
        return "multi-driver's own Raft node (HTTP /kv with sessions); --cluster testcontainers|compose,"
                + " --node-env, --through-proxy";
    }

    @Override
    public List<TargetSetting> settings() {
        return List.of();
    }

    @Override
    public List<String> workloads() {
        return List.of("register", "files");
    }

    @Override
    public boolean hasMultiDriverAdminApi() {
        return true;
    }

    @Override
    public RunningTarget start(RunOptions options, TargetOptions settings, DockerCli docker) {
        Path repo = RepoRoot.find();
        Cluster cluster;
        if (options.cluster() == ClusterSource.COMPOSE) {
            cluster = ComposeCluster.attach(options.nodes(), docker);
        } else {
            String image = NodeImage.resolve(repo, docker);
            cluster = TestcontainersCluster.start(ClusterSpec.of(options.nodes(), options.nodeEnv()).withImage(image));
        }
        // Through the proxy, every client's "node" is the proxy's HTTPS endpoint (it balances over the nodes); the
        // probe, the nemeses and the final reads still address each node on its own port.
        SSLContext proxyTls = options.throughProxy() ? PeerTls.trusting(repo.resolve("secrets/tls/ca.crt")) : null;
        return new Running(cluster, options.throughProxy(), proxyTls);
    }

    private static final class Running implements RunningTarget {
        private final Cluster cluster;
        private final ClusterProbe probe;
        private final OpExecutor clients;
        private final OpExecutor direct;
        private final List<ClusterNode> endpoints;
        private final NodeHttp files;

        Running(Cluster cluster, boolean throughProxy, SSLContext proxyTls) {
            this.cluster = cluster;
            this.probe = new ClusterProbe(cluster.nodes(), cluster.apiToken());
            List<ClusterNode> endpoints = throughProxy
                    ? cluster.nodes().stream().map(n -> n.via(PROXY_BASE)).toList() : cluster.nodes();
            NodeHttp http = new NodeHttp(Duration.ofMillis(500), REQUEST_TIMEOUT, cluster.apiToken(), proxyTls);
            this.clients = new OpExecutor(http, endpoints, 3, OP_DEADLINE.toNanos());
            this.endpoints = endpoints;
            this.files = new NodeHttp(Duration.ofMillis(500), FILE_TIMEOUT, cluster.apiToken(), proxyTls);
            NodeHttp own = new NodeHttp(Duration.ofMillis(500), Duration.ofMillis(2_000), cluster.apiToken());
            this.direct = new OpExecutor(own, cluster.nodes(), 3, Duration.ofSeconds(5).toNanos());
        }

        @Override
        public Cluster cluster() {
            return cluster;
        }

        @Override
        public Optional<String> awaitReady(Duration timeout) {
            return probe.awaitLeader(timeout, cluster.size()).map(l -> "leader node-" + l);
        }

        @Override
        public OptionalInt primary() {
            Optional<Integer> l = probe.leader();
            return l.isPresent() ? OptionalInt.of(l.get()) : OptionalInt.empty();
        }

        @Override
        public String status() {
            return probe.statuses().toString();
        }

        @Override
        public RegisterClient client(int home) {
            return new MultiDriverClient(clients, home);
        }

        @Override
        public FileClient fileClient(int home) {
            return new MultiDriverFileClient(files, endpoints, home, FILE_TIMEOUT);
        }

        @Override
        public RegisterClient finalReader(int member) {
            return new MultiDriverClient(direct, member);
        }

        @Override
        public Model model() {
            return Models.casRegister(null);
        }

        @Override
        public ClusterProbe adminProbe() {
            return probe;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
