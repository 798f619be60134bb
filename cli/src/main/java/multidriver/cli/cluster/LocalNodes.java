package multidriver.cli.cluster;

import java.nio.file.Path;

/**
 * Where a local cluster of node JVMs lives and listens: data, logs and pid files under {@code STORE_DIR} (default
 * {@code <repo>/store/local}); node i on Raft port {@code RAFT_PORT_BASE+i} and HTTP port {@code HTTP_PORT_BASE+i}
 * of 127.0.0.1 (default 29001 and 9081, the guide's; {@code bench} uses its own).
 */
record LocalNodes(Path store, int raftPortBase, int httpPortBase) {
    static LocalNodes fromEnvironment(Path repo) throws ClusterException {
        String store = System.getenv("STORE_DIR");
        return new LocalNodes(store == null || store.isBlank() ? repo.resolve("store/local") : Path.of(store),
                port("RAFT_PORT_BASE", 29001), port("HTTP_PORT_BASE", 9081));
    }

    /** A cluster in {@code store} on the environment's port bases, else these (bench: ports of its own). */
    static LocalNodes at(Path store, int raftPortBase, int httpPortBase) throws ClusterException {
        return new LocalNodes(store, port("RAFT_PORT_BASE", raftPortBase), port("HTTP_PORT_BASE", httpPortBase));
    }

    private static int port(String name, int fallback) throws ClusterException {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65_535) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ClusterException(name + " must be a port number, got '" + v + "'");
    }

    Path pidFile(int node) {
        return store.resolve("node-" + node + ".pid");
    }

    Path log(int node) {
        return store.resolve("node-" + node + ".log");
    }

    Path dataDir(int node) {
        return store.resolve("node-" + node);
    }

    /** 127.0.0.1:base,127.0.0.1:base+1,... for {@code nodes} nodes. */
    static String addresses(int base, int nodes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes; i++) sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(base + i);
        return sb.toString();
    }
}
