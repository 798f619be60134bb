package multidriver.chaos.client;

/**
 * {@link RegisterClient} for multi-driver nodes over their HTTP API: reads and writes through {@link OpExecutor}
 * (home node first, bounded retries on the next ones), writes and compare-and-sets under a client session
 * ({@code POST /sessions}, then {@code X-Client-Id}/{@code X-Request-Seq} numbered 1, 2, ...; thesis §6.3), so a
 * retried attempt is applied at most once.
 */
public final class MultiDriverClient implements RegisterClient {
    /** A write that found no session was never sent: it certainly did not apply. */
    private static final Completion NO_SESSION = Completion.fail("no session: POST /sessions did not succeed");

    private final OpExecutor executor;
    private final int homeNode;
    /** The session the cluster registered for this client, or null until one is needed. */
    private String clientId;
    private long writeSeq;

    public MultiDriverClient(OpExecutor executor, int homeNode) {
        this.executor = executor;
        this.homeNode = homeNode;
    }

    @Override
    public Completion read(String key) {
        return executor.read(homeNode, key);
    }

    @Override
    public Completion write(String key, long value) {
        NodeHttp.Session session = nextSession();
        return afterWrite(session == null ? NO_SESSION : executor.write(homeNode, key, value, session));
    }

    @Override
    public Completion cas(String key, long expected, long value) {
        NodeHttp.Session session = nextSession();
        return afterWrite(session == null ? NO_SESSION : executor.cas(homeNode, key, expected, value, session));
    }

    @Override
    public void close() {
        // HTTP connections belong to the shared NodeHttp.
    }

    /**
     * After a write whose outcome is unknown or refused (an expired session among them), a fresh session keeps every
     * next write unambiguous.
     */
    private Completion afterWrite(Completion done) {
        if (done.type() != multidriver.check.history.OpType.OK) {
            clientId = null;
            writeSeq = 0;
        }
        return done;
    }

    /** The next sequence number of this client's session, registered through the cluster's log first; or null. */
    private NodeHttp.Session nextSession() {
        if (clientId == null) {
            clientId = executor.register(homeNode).orElse(null);
            writeSeq = 0;
            if (clientId == null) return null;
        }
        return new NodeHttp.Session(clientId, ++writeSeq);
    }
}
