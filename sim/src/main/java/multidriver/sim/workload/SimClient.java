package multidriver.sim.workload;

import java.util.ArrayDeque;
import java.util.List;
import multidriver.check.history.OpType;
import multidriver.sim.api.KvReply;

/**
 * One simulated client: works through its planned operations one at a time, sending each to the node it believes
 * leads, following redirects, retrying on timeouts with the same session and sequence number (so a write applies
 * at most once, thesis §6.3), and giving up after a bounded number of attempts. When the system has sessions, it
 * registers one before its first write (the cluster answers its id). An operation that gave up, or whose session had
 * expired or been evicted, is recorded {@code :info}, never {@code :fail}: it may still take effect (or have taken
 * it). After an {@code :info} the client continues as a new Jepsen process with a new session, because its old
 * request may still be in flight.
 */
public final class SimClient {
    private static final long WAITING_FOR_BACKOFF = -2;
    private final int index;
    private final int clientCount;
    private final ClientPolicy policy;
    private final ClientEnvironment env;
    private final ArrayDeque<ClientOp> plan;
    private final Long[] lastSeen;
    private final boolean sessions;

    private long process;
    /** The session the cluster registered for this process, or null until its first write. */
    private Long session;
    /** Whether the attempts in flight register a session for {@code current} rather than run it. */
    private boolean registering;
    private long seq;
    private int believedLeader;
    private long nextAttemptId;

    private ClientOp current;
    private Long currentExpected;
    private long currentSeq;
    private long currentAttemptId = -1;
    private int attempts;
    private long invokedAtMs;
    /** The history index of the current op's invocation. */
    private long invokeIndex;
    /** The node the current attempt went to: the one that answered, when it is answered. */
    private int attemptNode = -1;
    private long completedSinceMs = -1;
    private long lastCompletedInvokedAtMs = -1;
    private long lastInfoAtMs = -1;
    private long lastInfoInvokedAtMs = -1;
    private long latencyWindowFromMs = Long.MAX_VALUE;
    private long maxLatencyInWindowMs;
    private String slowestInWindow;

    public SimClient(int index, int clientCount, List<ClientOp> ops, int keys, ClientPolicy policy,
                     boolean sessions, ClientEnvironment env) {
        this.sessions = sessions;
        this.index = index;
        this.clientCount = clientCount;
        this.policy = policy;
        this.env = env;
        this.plan = new ArrayDeque<>(ops);
        this.lastSeen = new Long[keys];
        this.process = index;
        this.believedLeader = index % env.nodes();
    }

    /** Schedules the first operation. */
    public void start() {
        if (!plan.isEmpty()) env.scheduleWake(index, plan.peekFirst().atMs());
    }

    /** The client may start its next operation now, or retry the current one after a backoff. */
    public void wake() {
        if (current != null) {
            if (currentAttemptId == WAITING_FOR_BACKOFF) attempt();
            return;
        }
        if (plan.isEmpty()) return;
        ClientOp next = plan.peekFirst();
        if (next.atMs() > env.nowMs()) {
            env.scheduleWake(index, next.atMs());
            return;
        }
        plan.removeFirst();
        current = next;
        attempts = 0;
        invokedAtMs = env.nowMs();
        if (sessions && next.kind() != OpKind.READ && session == null) {
            registering = true; // the op is invoked once the session exists; nothing is recorded for registering
            attempt();
            return;
        }
        invoke();
    }

    private void invoke() {
        attempts = 0;
        invokedAtMs = env.nowMs();
        currentExpected = current.kind() == OpKind.CAS ? lastSeen[current.key()] : null;
        currentSeq = current.kind() == OpKind.READ || !sessions ? 0 : ++seq;
        invokeIndex = env.history().invoke(process, current.kind(), current.key(), invokeValue(), invokedAtMs);
        attempt();
    }

    public void onReply(ClientReply reply) {
        if (current == null || reply.attemptId() != currentAttemptId) return; // a late answer to an old attempt
        currentAttemptId = -1;
        if (reply.reply() instanceof KvReply.NotLeader notLeader) {
            int hint = notLeader.leaderHint();
            // A hint naming the node itself means "I lead but cannot serve yet" (no entry committed in its term):
            // wait a little and ask again. A hint elsewhere is followed at once; no hint: try the next node.
            long backoffMs = hint >= 0 && hint != believedLeader ? policy.redirectBackoffMs() : policy.noLeaderBackoffMs();
            believedLeader = hint >= 0 ? hint : (believedLeader + 1) % env.nodes();
            retryOrGiveUp(backoffMs);
            return;
        }
        if (registering) {
            if (!(reply.reply() instanceof KvReply.SessionOpened opened) || opened.session() == 0) {
                throw new WrongAnswer("c" + index + " got " + reply.reply() + " for a session registration");
            }
            session = opened.session();
            seq = 0;
            registering = false;
            invoke();
            return;
        }
        complete(reply.reply());
    }

    public void onTimeout(long attemptId) {
        if (current == null || attemptId != currentAttemptId) return;
        currentAttemptId = -1;
        believedLeader = (believedLeader + 1) % env.nodes(); // the node may be down or cut off: try another
        retryOrGiveUp(0);
    }

    /** At the end of the run: an operation still open is indeterminate (one still registering was never invoked). */
    public void abandon() {
        if (current == null) return;
        if (registering) {
            registering = false;
            current = null;
            currentAttemptId = -1;
            return;
        }
        giveUp();
    }

    /** The workload ends: the open operation is indeterminate and no planned one will start. */
    public void stop() {
        plan.clear();
        abandon();
    }

    /** From now on, remember the longest time an operation invoked at or after {@code fromMs} took to complete. */
    public void watchLatencyFrom(long fromMs) {
        latencyWindowFromMs = fromMs;
        maxLatencyInWindowMs = 0;
        slowestInWindow = null;
    }

    /** The longest completed operation in the watched window, or the open one's age if it is longer (ms). */
    public long maxLatencyInWindowMs() {
        long open = current != null && invokedAtMs >= latencyWindowFromMs ? env.nowMs() - invokedAtMs : 0;
        return Math.max(maxLatencyInWindowMs, open);
    }

    /** What the slowest operation of the window was, for a failure message. */
    public String slowestInWindow() {
        if (current != null && invokedAtMs >= latencyWindowFromMs && env.nowMs() - invokedAtMs >= maxLatencyInWindowMs) {
            return describe() + " invoked at " + invokedAtMs + "ms, still open";
        }
        return slowestInWindow;
    }

    private void recordLatency() {
        if (invokedAtMs < latencyWindowFromMs) return;
        long latency = env.nowMs() - invokedAtMs;
        if (latency > maxLatencyInWindowMs) {
            maxLatencyInWindowMs = latency;
            slowestInWindow = describe() + " invoked at " + invokedAtMs + "ms took " + latency + "ms";
        }
    }

    public boolean isBusy() {
        return current != null;
    }

    public long invokedAtMs() {
        return invokedAtMs;
    }

    /** Simulated time at which the client last completed an operation with ok or fail (-1: never). */
    public long lastCompletionMs() {
        return completedSinceMs;
    }

    /** Invocation time of the last operation completed with ok or fail (-1: none). */
    public long lastCompletedInvokedAtMs() {
        return lastCompletedInvokedAtMs;
    }

    /** Simulated time of the last operation given up for lack of an answer ({@code :info}), -1 if none. */
    public long lastInfoAtMs() {
        return lastInfoAtMs;
    }

    /** Invocation time of the last operation that gave up, -1 if none. */
    public long lastInfoInvokedAtMs() {
        return lastInfoInvokedAtMs;
    }

    public boolean hasPlannedOps() {
        return !plan.isEmpty();
    }

    public int index() {
        return index;
    }

    private void attempt() {
        attempts++;
        currentAttemptId = nextAttemptId++;
        ClientRequest request = registering
                ? new ClientRequest(index, currentAttemptId, OpKind.REGISTER, current.key(), 0, null, 0, 0)
                : new ClientRequest(index, currentAttemptId, current.kind(), current.key(), current.value(),
                currentExpected, current.kind() == OpKind.READ || session == null ? 0 : session, currentSeq);
        attemptNode = believedLeader;
        env.send(believedLeader, request);
        env.scheduleTimeout(index, currentAttemptId, env.nowMs() + policy.attemptTimeoutMs());
    }

    private void retryOrGiveUp(long backoffMs) {
        long retryAtMs = env.nowMs() + backoffMs;
        if (attempts >= policy.maxAttempts() || retryAtMs - invokedAtMs >= policy.opDeadlineMs()) {
            if (registering) {
                // No session could be opened: the op was never invoked (nothing for the history; a timed-out
                // registration may have opened a session nobody will use, and it expires). For liveness it is a
                // client the cluster did not serve, like an op given up.
                registering = false;
                lastInfoAtMs = env.nowMs();
                lastInfoInvokedAtMs = invokedAtMs;
                next();
                return;
            }
            giveUp();
            return;
        }
        if (backoffMs == 0) {
            attempt();
        } else {
            currentAttemptId = WAITING_FOR_BACKOFF; // the wake event doubles as the retry timer
            env.scheduleWake(index, retryAtMs);
        }
    }

    /** A definite answer: it must fit the operation, or the system answered wrongly. */
    private void complete(KvReply reply) {
        OpKind kind = current.kind();
        int key = current.key();
        if (reply instanceof KvReply.SessionExpired) {
            giveUp(false); // evicted or expired: answered, but the outcome is unknown
        } else if (reply instanceof KvReply.Value value && kind == OpKind.READ) {
            lastSeen[key] = value.value();
            finish(OpType.OK, value.value(), " -> " + (value.value() == null ? "nil" : value.value()));
        } else if ((reply instanceof KvReply.Written && kind == OpKind.WRITE)
                || (reply instanceof KvReply.Swapped && kind == OpKind.CAS)) {
            lastSeen[key] = current.value();
            finish(OpType.OK, invokeValue(), "");
        } else if (reply instanceof KvReply.CasFailed failed && kind == OpKind.CAS) {
            lastSeen[key] = failed.current();
            finish(OpType.FAIL, invokeValue(), " failed: current " + (failed.current() == null ? "nil" : failed.current()));
        } else {
            throw new WrongAnswer("c" + index + " got " + reply + " for " + current);
        }
    }

    private void finish(OpType type, Object completionValue, String result) {
        recordLatency();
        env.history().complete(process, type, current.kind(), current.key(), completionValue, env.nowMs());
        env.noteOp(index, process, invokeIndex, invokedAtMs, describe() + result + " (answered by n" + attemptNode + ")",
                type.jepsenName());
        completedSinceMs = env.nowMs();
        lastCompletedInvokedAtMs = invokedAtMs;
        next();
    }

    private void giveUp() {
        giveUp(true);
    }

    /** Records the op as indeterminate; {@code unanswered}: because no node answered it in time. */
    private void giveUp(boolean unanswered) {
        recordLatency();
        env.history().complete(process, OpType.INFO, current.kind(), current.key(), invokeValue(), env.nowMs());
        env.noteOp(index, process, invokeIndex, invokedAtMs, describe() + " (no answer)", "info");
        if (unanswered) {
            lastInfoAtMs = env.nowMs();
            lastInfoInvokedAtMs = invokedAtMs;
        }
        // Jepsen: the process that may still have a request in flight is retired; a fresh one takes over, with a
        // fresh session (its sequence numbers restart at 1).
        process += clientCount;
        seq = 0;
        session = null;
        next();
    }

    private void next() {
        current = null;
        currentAttemptId = -1;
        if (!plan.isEmpty()) env.scheduleWake(index, Math.max(env.nowMs(), plan.peekFirst().atMs()));
    }

    private Object invokeValue() {
        return switch (current.kind()) {
            case READ -> null;
            case WRITE -> current.value();
            case CAS -> HistoryRecorder.casValue(currentExpected, current.value());
            case REGISTER -> throw new IllegalStateException("a registration is not an operation of the history");
        };
    }

    private String describe() {
        return "p" + process + " " + current.kind().jepsenName() + " k" + current.key()
                + (current.kind() == OpKind.READ ? "" : current.kind() == OpKind.CAS
                ? " " + currentExpected + "->" + current.value() : " " + current.value());
    }

}
