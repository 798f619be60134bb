package multidriver.core.kv;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import multidriver.core.kv.KvResult.Status;

/**
 * The replicated key-value store: a pure function of the sequence of committed entries it is fed.
 *
 * <p>Client sessions (thesis §6.3) make commands idempotent. A client registers through the log
 * ({@link KvCommand.Register}: its id is the index of that entry), then numbers its commands; the state machine
 * remembers, per client, the last sequence number applied, its result and a fingerprint of the command. A command
 * of an unknown session (never registered, expired or evicted) is refused as expired and never executed: whether an
 * earlier attempt of it was applied cannot be known any more. The session table is bounded
 * ({@code maxSessions}, least recently used evicted) and sessions expire after {@code sessionExpiryEntries} log
 * entries without use. Both rules depend only on log indexes, never on wall time, so every replica expires the same
 * sessions at the same point of the log and the replicas stay identical (thesis §6.3.2). A session belongs to the
 * owner that registered it ({@link KvCommand#owner()}); a command under another owner is refused as forbidden.
 */
public final class KvStateMachine {
    /** How often (in applied entries) idle sessions are swept. */
    private static final long SWEEP_EVERY_ENTRIES = 256;

    private final int maxSessions;
    private final long sessionExpiryEntries;
    private final TreeMap<String, String> data = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private final FileTable files = new FileTable();
    /** The chunk the last applied entry asks the server to write to its blob, or null. */
    private FileCommand.Chunk blobWrite;
    private long appliedIndex;

    public KvStateMachine(int maxSessions, long sessionExpiryEntries) {
        if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be >= 1");
        if (sessionExpiryEntries < 1) throw new IllegalArgumentException("sessionExpiryEntries must be >= 1");
        this.maxSessions = maxSessions;
        this.sessionExpiryEntries = sessionExpiryEntries;
    }

    /** 10,000 sessions, expiring after one million entries without use. */
    public static KvStateMachine withDefaults() {
        return new KvStateMachine(10_000, 1_000_000);
    }

    /**
     * Applies a committed log entry: a command, or a configuration entry, which only advances the applied index
     * (the core reads configurations; thesis §4.1).
     */
    public KvResult apply(multidriver.core.log.Entry entry) {
        return apply(entry.index(), entry.term(), entry.isConfig() ? new byte[0] : entry.data());
    }

    /**
     * Applies the committed entry at {@code index}. Entries must come in index order without gaps.
     *
     * @param data the entry's payload; empty for a no-op entry
     * @return the command's result, or {@code null} for a no-op entry
     */
    public KvResult apply(long index, byte[] data) {
        return apply(index, 0, data);
    }

    /**
     * {@link #apply(long, byte[])} of an entry of {@code term} (0: unknown). The term ends the uploads its leader
     * began once a later leader's entry is applied ({@link FileTable}).
     */
    public KvResult apply(long index, long term, byte[] data) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("apply out of order: applied " + appliedIndex + ", got index " + index);
        }
        appliedIndex = index;
        blobWrite = null;
        if (term > 0) files.onEntry(term);
        if (index % SWEEP_EVERY_ENTRIES == 0) expireIdleSessions();
        if (data.length == 0) return null;
        KvCommand command;
        try {
            command = KvCodec.decode(data);
        } catch (IllegalArgumentException e) {
            // An entry that is not a command (written by a buggy or hostile leader) must not stop the replicas: every
            // one of them applies it the same way, as a no-op with an error result, and the log stays consistent.
            return KvResult.invalid(e.getMessage());
        }
        if (command instanceof FileCommand f) {
            KvResult result = files.apply(index, term, f);
            if (f instanceof FileCommand.Chunk c && FileTable.WRITE.equals(result.value())) blobWrite = c;
            return result;
        }
        return applyCommand(index, command, fingerprint(data));
    }

    /** FNV-1a over the command's bytes: the same on every replica, so every replica refuses the same mismatches. */
    private static long fingerprint(byte[] data) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static final int SNAPSHOT_MAGIC = 0x4B565331; // "KVS1"
    /** Version 2 adds the file table after the sessions; written only when there are files or uploads. */
    private static final int SNAPSHOT_MAGIC_FILES = 0x4B565332; // "KVS2"

    /**
     * The whole state as of {@link #appliedIndex()}: the data and the client sessions (thesis §6.3: without them, a
     * client's retry after a snapshot restore would be applied a second time). Deterministic: sorted maps.
     */
    public byte[] snapshot() {
        return snapshot(true);
    }

    /**
     * {@link #snapshot()}, or with {@code retryState} false a snapshot that keeps the sessions registered but forgets
     * what each one last applied and answered: the simulator's deliberate bug {@code snapshot-without-sessions} (after
     * a restore, a client's retry is applied a second time). Never false in any real use.
     */
    public byte[] snapshot(boolean retryState) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.writeInt(files.isEmpty() ? SNAPSHOT_MAGIC : SNAPSHOT_MAGIC_FILES);
            out.writeInt(maxSessions);
            out.writeLong(sessionExpiryEntries);
            out.writeLong(appliedIndex);
            out.writeInt(data.size());
            for (Map.Entry<String, String> e : data.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.writeInt(sessions.size());
            for (Map.Entry<Long, Session> e : sessions.entrySet()) {
                Session kept = e.getValue();
                Session s = retryState ? kept : new Session(kept.owner(), 0, null, 0, kept.lastUsedIndex());
                out.writeLong(e.getKey());
                writeString(out, s.owner());
                out.writeLong(s.lastSeq());
                out.writeLong(s.lastFingerprint());
                out.writeLong(s.lastUsedIndex());
                KvResult r = s.lastResult();
                out.writeByte(r == null ? -1 : r.status().ordinal());
                if (r != null) {
                    out.writeBoolean(r.value() != null);
                    if (r.value() != null) writeString(out, r.value());
                }
            }
            if (!files.isEmpty()) files.write(out);
            out.flush();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The state machine a {@link #snapshot()} describes. Trusts nothing: a length beyond the bytes present, an unknown
     * status, invalid UTF-8, keys out of order or trailing bytes raise {@link IllegalArgumentException}, and nothing
     * larger than the input is allocated.
     */
    public static KvStateMachine restore(byte[] snapshot) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(snapshot);
        try {
            int magic = in.getInt();
            if (magic != SNAPSHOT_MAGIC && magic != SNAPSHOT_MAGIC_FILES) {
                throw new IllegalArgumentException("not a key-value snapshot (magic)");
            }
            KvStateMachine kv = new KvStateMachine(in.getInt(), in.getLong());
            kv.appliedIndex = in.getLong();
            if (kv.appliedIndex < 0) throw new IllegalArgumentException("negative applied index");
            int keys = count(in, 8);
            String previous = null;
            for (int i = 0; i < keys; i++) {
                String key = readString(in);
                if (previous != null && previous.compareTo(key) >= 0) throw new IllegalArgumentException("keys out of order");
                kv.data.put(key, readString(in));
                previous = key;
            }
            int sessionCount = count(in, 33);
            if (sessionCount > kv.maxSessions) throw new IllegalArgumentException(sessionCount + " sessions > max");
            Status[] statuses = Status.values();
            for (int i = 0; i < sessionCount; i++) {
                long client = in.getLong();
                String owner = readString(in);
                long lastSeq = in.getLong();
                long fingerprint = in.getLong();
                long lastUsed = in.getLong();
                int status = in.get();
                KvResult result = null;
                if (status != -1) {
                    if (status < 0 || status >= statuses.length) throw new IllegalArgumentException("bad status " + status);
                    String value = in.get() != 0 ? readString(in) : null;
                    result = new KvResult(statuses[status], value);
                }
                if (kv.sessions.put(client, new Session(owner, lastSeq, result, fingerprint, lastUsed)) != null) {
                    throw new IllegalArgumentException("session " + client + " twice");
                }
            }
            if (magic == SNAPSHOT_MAGIC_FILES) kv.files.read(in);
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            return kv;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("key-value snapshot cut short (" + snapshot.length + " bytes)");
        }
    }

    /**
     * {@link #restore(byte[])} with this server's own session bounds (every replica must apply the same rules; the
     * bounds stored in a snapshot are those of whichever server took it).
     */
    public static KvStateMachine restore(byte[] snapshot, int maxSessions, long sessionExpiryEntries) {
        KvStateMachine stored = restore(snapshot);
        KvStateMachine kv = new KvStateMachine(maxSessions, sessionExpiryEntries);
        kv.data.putAll(stored.data);
        kv.sessions.putAll(stored.sessions);
        kv.files.copyFrom(stored.files);
        kv.appliedIndex = stored.appliedIndex;
        return kv;
    }

    /** A count that the remaining bytes can hold, at {@code minBytesEach} bytes per item at least. */
    static int count(java.nio.ByteBuffer in, int minBytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytesEach > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " beyond the " + in.remaining() + " bytes left");
        }
        return n;
    }

    static void writeString(java.io.DataOutputStream out, String s) throws java.io.IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(java.nio.ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string of " + length + " bytes, " + in.remaining() + " left");
        }
        byte[] b = new byte[length];
        in.get(b);
        return KvCodec.strictUtf8(b);
    }

    /** Reads local state; linearizable only after a ReadIndex whose index has been applied (thesis §6.4). */
    public KvResult read(String key) {
        String value = data.get(key);
        return value == null ? KvResult.notFound() : KvResult.ok(value);
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    /** An unmodifiable, ordered view of the store, for state-machine-safety checks and debugging. */
    public SortedMap<String, String> contents() {
        return Collections.unmodifiableSortedMap(data);
    }

    /** The file store's metadata (read only). */
    public FileTable files() {
        return files;
    }

    /**
     * The chunk whose bytes the server must write to its blob because of the entry just applied, or null: the state
     * machine decides (an upload in progress, the next offset), the server does the I/O.
     */
    public FileCommand.Chunk blobWrite() {
        return blobWrite;
    }

    public int sessionCount() {
        return sessions.size();
    }

    private KvResult applyCommand(long index, KvCommand command, long fingerprint) {
        if (command instanceof KvCommand.Register) {
            if (sessions.size() >= maxSessions) evictLeastRecentlyUsedOfTheLargestOwner();
            sessions.put(index, new Session(command.owner(), 0, null, 0, index));
            return KvResult.registered(index);
        }
        long client = command.clientId().value();
        if (command.seq() == 0) return execute(command);
        Session session = sessions.get(client);
        if (session == null) {
            // Never registered, expired or evicted: an earlier attempt of this command may have been applied and its
            // answer is gone, so it must not be applied (again) now (thesis §6.3).
            return KvResult.sessionExpired();
        }
        if (session.owner().isEmpty() && !command.owner().isEmpty()) {
            // A session opened before owners existed (or anonymously) is not this caller's: like an unknown session,
            // it must be registered again, and the client knows how to do that on SESSION_EXPIRED.
            return KvResult.sessionExpired();
        }
        if (!session.owner().equals(command.owner())) {
            // Checked before the retry cache: a stranger may neither read the owner's cached answers nor move its
            // sequence number (a high seq would make the owner's next request look like an old retry).
            return KvResult.forbidden();
        }
        if (command.seq() == session.lastSeq()) {
            if (fingerprint != session.lastFingerprint()) return KvResult.requestMismatch();
            sessions.put(client, new Session(session.owner(), session.lastSeq(), session.lastResult(), fingerprint,
                    index));
            return session.lastResult();
        }
        if (command.seq() < session.lastSeq()) {
            // An old retry whose result was overwritten by a later command: it was applied, its answer is gone.
            return KvResult.sessionExpired();
        }
        KvResult result = execute(command);
        sessions.put(client, new Session(session.owner(), command.seq(), result, fingerprint, index));
        return result;
    }

    private KvResult execute(KvCommand command) {
        if (command instanceof KvCommand.Get get) {
            return read(get.key());
        } else if (command instanceof KvCommand.Put put) {
            data.put(put.key(), put.value());
            return KvResult.ok(put.value());
        } else if (command instanceof KvCommand.Cas cas) {
            String current = data.get(cas.key());
            if (!java.util.Objects.equals(current, cas.expected())) return KvResult.casMismatch(current);
            data.put(cas.key(), cas.value());
            return KvResult.ok(cas.value());
        } else if (command instanceof KvCommand.Delete) {
            String removed = data.remove(command.key());
            return removed == null ? KvResult.notFound() : KvResult.ok(removed);
        }
        throw new IllegalStateException("not a data command: " + command);
    }

    private void expireIdleSessions() {
        Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            if (appliedIndex - it.next().getValue().lastUsedIndex() > sessionExpiryEntries) it.remove();
        }
    }

    /**
     * Makes room in a full table at the expense of the owner holding the most sessions (ties: the smallest name), its
     * least recently used one first: one credential registering sessions in a loop evicts only its own once it is
     * the largest, never everyone else's. Deterministic (TreeMaps, log indexes), so every replica evicts the same.
     */
    private void evictLeastRecentlyUsedOfTheLargestOwner() {
        TreeMap<String, Integer> perOwner = new TreeMap<>();
        for (Session s : sessions.values()) perOwner.merge(s.owner(), 1, Integer::sum);
        String largest = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : perOwner.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                largest = e.getKey();
            }
        }
        Long oldest = null;
        long oldestIndex = Long.MAX_VALUE;
        for (Map.Entry<Long, Session> e : sessions.entrySet()) { // TreeMap: ties broken by lowest client id
            if (e.getValue().owner().equals(largest) && e.getValue().lastUsedIndex() < oldestIndex) {
                oldestIndex = e.getValue().lastUsedIndex();
                oldest = e.getKey();
            }
        }
        sessions.remove(oldest);
    }
}
