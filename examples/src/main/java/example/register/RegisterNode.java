package example.register;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import multidriver.sim.api.KvReply;
import multidriver.sim.api.KvRequest;
import multidriver.sim.api.NodeContext;
import multidriver.sim.api.NodeRole;
import multidriver.sim.api.Replica;
import multidriver.sim.api.SimulatedNode;

/**
 * A primary-backup key-value register. Node 0 is the primary, for good: it numbers every change, syncs it to its
 * log, applies it, and ships it to the backups; it answers a write once a majority of the nodes (itself included)
 * hold it. Backups keep their copy in memory and catch up from the primary after a restart. Clients open a session
 * and number their writes in it, so a retried write is answered from the session instead of applied twice.
 *
 * <p>With {@code backupsServeReads}, a backup answers reads from its own copy to take load off the primary. That
 * is the bug: a backup outside the majority that acknowledged a write has not seen it yet, and serves the old value
 * after the writer was told it succeeded.
 */
final class RegisterNode implements SimulatedNode {
    static final int PRIMARY = 0;
    private static final long HEARTBEAT_MS = 20;

    private final int nodes;
    private final boolean backupsServeReads;
    private NodeContext context;

    // Every replica: the register and the sessions, as the entries up to appliedVersion left them.
    private final TreeMap<String, Long> values = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private long appliedVersion;

    // The primary only.
    private EntryLog log;
    private final List<Entry> entries = new ArrayList<>(); // entries.get(i).version() == i + 1
    private long[] ackedBy; // by node id: the highest version that backup reported applied
    private long committedVersion;
    private final TreeMap<Long, List<Answer>> waiting = new TreeMap<>(); // version -> answers held until it commits
    private long heartbeatTimer = -1;

    private SortedMap<String, Long> state = Collections.emptySortedMap();
    private long stateVersion;

    // A backup only: the primary's latest version, as last heard.
    private long primaryVersion;

    /** A session's last write and its answer (a retry gets the same answer). */
    private record Session(long seq, long version, KvReply reply) {
    }

    private record Answer(KvRequest request, KvReply reply) {
    }

    RegisterNode(int nodes, boolean backupsServeReads) {
        this.nodes = nodes;
        this.backupsServeReads = backupsServeReads;
    }

    private boolean primary() {
        return context.nodeId() == PRIMARY;
    }

    @Override
    public void start(NodeContext context) throws IOException {
        this.context = context;
        if (!primary()) return;
        List<Entry> recovered = new ArrayList<>();
        log = EntryLog.open(context.disk(), context.firstStart(), recovered);
        for (Entry e : recovered) {
            entries.add(e);
            apply(e);
        }
        ackedBy = new long[nodes];
        heartbeatTimer = context.setTimer(HEARTBEAT_MS);
    }

    @Override
    public void onTimer(long timerId) {
        if (timerId != heartbeatTimer) return;
        for (int backup = 0; backup < nodes; backup++) {
            if (backup != PRIMARY) sendFrom(backup, Math.min(ackedBy[backup], latestVersion()) + 1);
        }
        heartbeatTimer = context.setTimer(HEARTBEAT_MS);
    }

    @Override
    public void onMessage(int fromNodeId, byte[] message) {
        Object decoded;
        try {
            decoded = Wire.decode(message);
        } catch (IOException e) {
            return; // not from a node of this register
        }
        if (decoded instanceof Wire.Append append && !primary() && fromNodeId == PRIMARY) {
            primaryVersion = Math.max(primaryVersion, append.latestVersion());
            for (Entry e : append.entries()) {
                if (e.version() == appliedVersion + 1) apply(e);
            }
            context.send(PRIMARY, Wire.encode(new Wire.Ack(appliedVersion)));
        } else if (decoded instanceof Wire.Ack ack && primary() && fromNodeId > 0 && fromNodeId < nodes) {
            // The latest report wins, even a lower one: a backup that restarted has lost its copy.
            ackedBy[fromNodeId] = Math.min(ack.appliedVersion(), latestVersion());
            advanceCommit();
        }
    }

    @Override
    public void onRequest(KvRequest request) throws IOException {
        if (!primary()) {
            if (request.kind() == KvRequest.Kind.READ && backupsServeReads) {
                context.reply(request, new KvReply.Value(values.get(request.key())));
            } else {
                context.reply(request, new KvReply.NotLeader(PRIMARY));
            }
            return;
        }
        switch (request.kind()) {
            case READ -> context.reply(request, new KvReply.Value(values.get(request.key())));
            case OPEN_SESSION -> propose(request, new Entry(latestVersion() + 1, Entry.Kind.OPEN_SESSION, "", 0,
                    null, 0, 0));
            case WRITE, CAS -> {
                Session session = sessions.get(request.session());
                if (session == null) {
                    context.reply(request, new KvReply.SessionExpired());
                } else if (request.seq() == session.seq()) {
                    answerWhenCommitted(session.version(), new Answer(request, session.reply())); // a retry
                } else if (request.seq() > session.seq()) {
                    propose(request, new Entry(latestVersion() + 1, request.kind() == KvRequest.Kind.WRITE
                            ? Entry.Kind.WRITE : Entry.Kind.CAS, request.key(), request.value(), request.from(),
                            request.session(), request.seq()));
                }
                // A lower seq is an old attempt the client has moved past: no answer.
            }
        }
    }

    /** Logs and applies {@code entry}, ships it, and answers {@code request} once a majority holds it. */
    private void propose(KvRequest request, Entry entry) throws IOException {
        log.append(entry); // synced: the entry survives the primary's crash
        entries.add(entry);
        KvReply reply = apply(entry);
        for (int backup = 0; backup < nodes; backup++) {
            if (backup != PRIMARY && ackedBy[backup] == entry.version() - 1) sendFrom(backup, entry.version());
        }
        answerWhenCommitted(entry.version(), new Answer(request, reply));
        advanceCommit();
    }

    /** Applies the next entry to this replica; returns what its client is told. */
    private KvReply apply(Entry e) {
        if (e.version() != appliedVersion + 1) throw new IllegalStateException("applying " + e + " after "
                + appliedVersion);
        appliedVersion = e.version();
        KvReply reply = switch (e.kind()) {
            case OPEN_SESSION -> {
                sessions.put(e.version(), new Session(0, e.version(), null));
                yield new KvReply.SessionOpened(e.version());
            }
            case WRITE -> {
                values.put(e.key(), e.value());
                yield new KvReply.Written();
            }
            case CAS -> {
                Long current = values.get(e.key());
                if (!Objects.equals(current, e.from())) yield new KvReply.CasFailed(current);
                values.put(e.key(), e.value());
                yield new KvReply.Swapped();
            }
        };
        if (e.kind() != Entry.Kind.OPEN_SESSION) sessions.put(e.session(), new Session(e.seq(), e.version(), reply));
        return reply;
    }

    private void answerWhenCommitted(long version, Answer answer) {
        if (version <= committedVersion) {
            context.reply(answer.request(), answer.reply());
        } else {
            waiting.computeIfAbsent(version, v -> new ArrayList<>()).add(answer);
        }
    }

    /** The highest version a majority holds (the primary holds all of its own) is committed; answer up to it. */
    private void advanceCommit() {
        long[] held = ackedBy.clone();
        held[PRIMARY] = latestVersion();
        Arrays.sort(held);
        long majorityHolds = held[nodes - (nodes / 2 + 1)];
        if (majorityHolds <= committedVersion) return;
        committedVersion = majorityHolds;
        while (!waiting.isEmpty() && waiting.firstKey() <= committedVersion) {
            for (Answer a : waiting.pollFirstEntry().getValue()) context.reply(a.request(), a.reply());
        }
    }

    private void sendFrom(int backup, long fromVersion) {
        int from = (int) Math.max(1, fromVersion);
        int to = (int) Math.min(latestVersion(), from - 1L + Wire.MAX_ENTRIES);
        List<Entry> batch = from <= to ? entries.subList(from - 1, to) : List.of();
        context.send(backup, Wire.encode(new Wire.Append(latestVersion(), batch)));
    }

    private long latestVersion() {
        return entries.size();
    }

    @Override
    public NodeRole role() {
        return new NodeRole(primary() ? NodeRole.Role.LEADER : NodeRole.Role.FOLLOWER, 1, PRIMARY);
    }

    @Override
    public Replica replica() {
        String unsettled = null;
        if (primary()) {
            for (int b = 0; b < nodes && unsettled == null; b++) {
                if (b != PRIMARY && ackedBy[b] < latestVersion()) {
                    unsettled = "n" + b + " has applied " + ackedBy[b] + " of " + latestVersion();
                }
            }
        } else if (appliedVersion < primaryVersion) {
            unsettled = "has applied " + appliedVersion + " of the primary's " + primaryVersion;
        }
        if (stateVersion != appliedVersion) { // the check asks after every event; copy only when it moved
            state = Collections.unmodifiableSortedMap(new TreeMap<>(values));
            stateVersion = appliedVersion;
        }
        return new Replica(unsettled, String.valueOf(appliedVersion), appliedVersion, state);
    }

    @Override
    public SortedMap<String, Long> counters() {
        return new TreeMap<>(Map.of("entries", latestVersion()));
    }
}
