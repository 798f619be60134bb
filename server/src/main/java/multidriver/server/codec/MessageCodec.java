package multidriver.server.codec;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.log.EntryType;
import multidriver.core.raft.Membership;
import multidriver.core.raft.MembershipCodec;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.InstallSnapshot;
import multidriver.core.raft.message.InstallSnapshotResponse;
import multidriver.core.raft.message.TimeoutNow;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;

/**
 * Hand-written binary form of the core's sealed {@link Message} records: a tag byte, then the fields in declaration
 * order (big-endian; an entry is index, term, type, length, data; a configuration is a length and
 * {@link MembershipCodec}'s bytes). Every record of the sealed set has exactly one tag.
 * Both worlds run it: the node's TCP frames and the simulator's network carry exactly these bytes, and
 * {@code ServerCore.receive} decodes them.
 *
 * <p>Decoding trusts nothing: an unknown tag, an impossible value, a length or count beyond the bytes actually present
 * or beyond the bounds below, or trailing bytes raise {@link IOException}. It never allocates more than the input's own
 * size, whatever a length field claims.
 */
public final class MessageCodec {
    private static final byte REQUEST_VOTE = 1;
    private static final byte REQUEST_VOTE_RESPONSE = 2;
    private static final byte APPEND_ENTRIES = 3;
    private static final byte APPEND_ENTRIES_RESPONSE = 4;
    private static final byte HEARTBEAT = 5;
    private static final byte HEARTBEAT_RESPONSE = 6;
    private static final byte INSTALL_SNAPSHOT = 7;
    private static final byte INSTALL_SNAPSHOT_RESPONSE = 8;
    /** Wire version 1's TimeoutNow, without the leader's last index: still decoded, sent only to version-1 peers. */
    private static final byte TIMEOUT_NOW_V1 = 9;
    /** 10 and 11 are {@link ForwardCodec}'s, which shares the peer connection (see {@link ForwardCodec#isForward}). */
    private static final byte TIMEOUT_NOW = 12;
    /**
     * The newest wire format this code speaks. Version 1: tags 1 to 9. Version 2 adds tag 12 (TimeoutNow with the
     * leader's last index). A format only grows: a new field is a new tag, every older tag stays decodable, and a
     * sender uses the newest format its peer announced (the node's hello carries it), so a cluster can be upgraded one
     * server at a time. Version 3 changes no peer message: it says the release applies file commands
     * ({@link #FILES_WIRE_VERSION}), which a node requires of every member before it takes an upload.
     */
    public static final int WIRE_VERSION = 3;
    /**
     * The first release that applies file commands (key-value command tags 6 to 10) and keeps files in its
     * snapshots. An older replica would apply them as invalid commands, and, once leader, send snapshots without the
     * files: so uploads wait until every member has announced at least this version.
     */
    public static final int FILES_WIRE_VERSION = 3;
    public static final int OLDEST_WIRE_VERSION = 1;
    /** Bound on one snapshot chunk; the core sends 1 MiB. */
    public static final int MAX_SNAPSHOT_CHUNK_BYTES = 4 << 20;
    /** Bound on entries in one AppendEntries; far above the core's maxEntriesPerAppend. */
    public static final int MAX_ENTRIES = 1 << 16;
    /** Bound on one entry's payload. */
    public static final int MAX_ENTRY_BYTES = 4 << 20;
    private static final int HEAD_BYTES = 1 + 4 + 4 + 8;
    private static final int ENTRY_HEAD_BYTES = 8 + 8 + 1 + 4;
    /** Bound on an encoded configuration: 64 members with the longest addresses. */
    public static final int MAX_MEMBERSHIP_BYTES = 5 + 64 * (4 + 1 + 2 + 255);

    private MessageCodec() {
    }

    /** The message as bytes in the newest format, for a transport that carries byte arrays. */
    public static byte[] toBytes(Message message) {
        return toBytes(message, WIRE_VERSION);
    }

    /** The message as bytes a peer that speaks {@code wireVersion} decodes (what it cannot carry is left out). */
    public static byte[] toBytes(Message message, int wireVersion) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(message, wireVersion));
        encode(message, out, wireVersion);
        return out.array();
    }

    /** Exact size of {@link #toBytes(Message)}. */
    public static int encodedSize(Message message) {
        return encodedSize(message, WIRE_VERSION);
    }

    /** Exact size of {@link #toBytes(Message, int)}. */
    public static int encodedSize(Message message, int wireVersion) {
        requireWireVersion(wireVersion);
        if (message instanceof RequestVote) return HEAD_BYTES + 8 + 8 + 1 + 1;
        if (message instanceof TimeoutNow m) return HEAD_BYTES + (timeoutNowV2(m, wireVersion) ? 8 : 0);
        if (message instanceof RequestVoteResponse) return HEAD_BYTES + 1 + 1;
        if (message instanceof AppendEntries m) {
            long size = HEAD_BYTES + 8 + 8 + 8 + 4;
            for (Entry e : m.entries()) size += ENTRY_HEAD_BYTES + e.data().length;
            if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("AppendEntries of " + size + " bytes");
            return (int) size;
        }
        if (message instanceof AppendEntriesResponse) return HEAD_BYTES + 1 + 8 + 8;
        if (message instanceof Heartbeat) return HEAD_BYTES + 8 + 8;
        if (message instanceof HeartbeatResponse) return HEAD_BYTES + 8;
        if (message instanceof InstallSnapshot m) {
            return HEAD_BYTES + 8 + 8 + 4 + MembershipCodec.encode(m.membership()).length + 8 + 8 + 4 + m.chunk().length;
        }
        if (message instanceof InstallSnapshotResponse) return HEAD_BYTES + 8 + 8;
        throw new IllegalStateException("no codec for message type " + message.getClass().getName());
    }

    /** Writes the message at the buffer's position; the buffer must have {@link #encodedSize} bytes of room. */
    public static void encode(Message message, ByteBuffer out) {
        encode(message, out, WIRE_VERSION);
    }

    /** {@link #encode(Message, ByteBuffer)} in the format of {@code wireVersion}. */
    public static void encode(Message message, ByteBuffer out, int wireVersion) {
        requireWireVersion(wireVersion);
        if (message instanceof RequestVote m) {
            head(REQUEST_VOTE, m, out);
            out.putLong(m.lastLogIndex()).putLong(m.lastLogTerm()).put(bool(m.preVote())).put(bool(m.transfer()));
        } else if (message instanceof TimeoutNow m && timeoutNowV2(m, wireVersion)) {
            head(TIMEOUT_NOW, m, out);
            out.putLong(m.leaderLastIndex());
        } else if (message instanceof TimeoutNow m) {
            head(TIMEOUT_NOW_V1, m, out);
        } else if (message instanceof RequestVoteResponse m) {
            head(REQUEST_VOTE_RESPONSE, m, out);
            out.put(bool(m.granted())).put(bool(m.preVote()));
        } else if (message instanceof AppendEntries m) {
            head(APPEND_ENTRIES, m, out);
            out.putLong(m.prevLogIndex()).putLong(m.prevLogTerm()).putLong(m.leaderCommit()).putInt(m.entries().size());
            for (Entry e : m.entries()) {
                byte[] data = e.data();
                out.putLong(e.index()).putLong(e.term()).put((byte) (e.isConfig() ? 1 : 0)).putInt(data.length).put(data);
            }
        } else if (message instanceof AppendEntriesResponse m) {
            head(APPEND_ENTRIES_RESPONSE, m, out);
            out.put(bool(m.success())).putLong(m.matchIndex()).putLong(m.rejectHint());
        } else if (message instanceof Heartbeat m) {
            head(HEARTBEAT, m, out);
            out.putLong(m.commitIndex()).putLong(m.readContext());
        } else if (message instanceof HeartbeatResponse m) {
            head(HEARTBEAT_RESPONSE, m, out);
            out.putLong(m.readContext());
        } else if (message instanceof InstallSnapshot m) {
            head(INSTALL_SNAPSHOT, m, out);
            byte[] membership = MembershipCodec.encode(m.membership());
            out.putLong(m.snapshotIndex()).putLong(m.snapshotTerm()).putInt(membership.length).put(membership)
                    .putLong(m.offset()).putLong(m.totalBytes()).putInt(m.chunk().length).put(m.chunk());
        } else if (message instanceof InstallSnapshotResponse m) {
            head(INSTALL_SNAPSHOT_RESPONSE, m, out);
            out.putLong(m.snapshotIndex()).putLong(m.nextOffset());
        } else {
            throw new IllegalStateException("no codec for message type " + message.getClass().getName());
        }
    }

    /** Decodes exactly {@code length} bytes at {@code offset}: trailing bytes are an error, like missing ones. */
    public static Message fromBytes(byte[] data, int offset, int length) throws IOException {
        return fromBytes(data, offset, length, WIRE_VERSION);
    }

    /**
     * {@link #fromBytes(byte[], int, int)} as a server that speaks only up to {@code wireVersion} would: a tag
     * newer than that is unknown to it (a server pinned to an older version behaves as the older release did).
     */
    public static Message fromBytes(byte[] data, int offset, int length, int wireVersion) throws IOException {
        requireWireVersion(wireVersion);
        ByteBuffer in = slice(data, offset, length);
        try {
            byte tag = in.get();
            if (tag == TIMEOUT_NOW && wireVersion < 2) throw new IOException("unknown message tag " + tag);
            NodeId from = nodeId(in.getInt());
            NodeId to = nodeId(in.getInt());
            long term = in.getLong();
            Message m = switch (tag) {
                case REQUEST_VOTE -> new RequestVote(from, to, term, in.getLong(), in.getLong(), bool(in.get()),
                        bool(in.get()));
                case TIMEOUT_NOW_V1 -> new TimeoutNow(from, to, term, TimeoutNow.UNKNOWN_INDEX);
                case TIMEOUT_NOW -> {
                    long leaderLastIndex = in.getLong();
                    if (leaderLastIndex < 0) throw new IOException("bad leader last index " + leaderLastIndex);
                    yield new TimeoutNow(from, to, term, leaderLastIndex);
                }
                case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, bool(in.get()), bool(in.get()));
                case APPEND_ENTRIES -> {
                    long prevLogIndex = in.getLong();
                    long prevLogTerm = in.getLong();
                    long leaderCommit = in.getLong();
                    yield new AppendEntries(from, to, term, prevLogIndex, prevLogTerm, entries(in), leaderCommit);
                }
                case APPEND_ENTRIES_RESPONSE ->
                        new AppendEntriesResponse(from, to, term, bool(in.get()), in.getLong(), in.getLong());
                case HEARTBEAT -> new Heartbeat(from, to, term, in.getLong(), in.getLong());
                case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, in.getLong());
                case INSTALL_SNAPSHOT -> {
                    long index = in.getLong();
                    long snapshotTerm = in.getLong();
                    int membershipLength = in.getInt();
                    if (membershipLength < 0 || membershipLength > MAX_MEMBERSHIP_BYTES || membershipLength > in.remaining()) {
                        throw new IOException("bad configuration length " + membershipLength + " for " + in.remaining()
                                + " remaining bytes");
                    }
                    byte[] membershipBytes = new byte[membershipLength];
                    in.get(membershipBytes);
                    Membership membership = MembershipCodec.decode(membershipBytes);
                    long chunkOffset = in.getLong();
                    long total = in.getLong();
                    int chunkLength = in.getInt();
                    if (chunkLength < 0 || chunkLength > MAX_SNAPSHOT_CHUNK_BYTES || chunkLength > in.remaining()) {
                        throw new IOException("bad snapshot chunk length " + chunkLength + " for " + in.remaining()
                                + " remaining bytes");
                    }
                    byte[] chunk = new byte[chunkLength];
                    in.get(chunk);
                    yield new InstallSnapshot(from, to, term, index, snapshotTerm, membership, chunkOffset, total, chunk);
                }
                case INSTALL_SNAPSHOT_RESPONSE -> new InstallSnapshotResponse(from, to, term, in.getLong(), in.getLong());
                default -> throw new IOException("unknown message tag " + tag);
            };
            if (in.hasRemaining()) throw new IOException(in.remaining() + " trailing bytes after message");
            return m;
        } catch (BufferUnderflowException e) {
            throw new IOException("message cut short (" + length + " bytes)");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("invalid message field: " + e.getMessage(), e);
        }
    }

    /** The {@code length} bytes at {@code offset}, refused as a clean error when they are not all inside {@code data}. */
    static ByteBuffer slice(byte[] data, int offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IOException("bad slice [" + offset + ", +" + length + ") of " + data.length + " bytes");
        }
        return ByteBuffer.wrap(data, offset, length);
    }

    /** A TimeoutNow with no known index (one relayed from a version-1 sender) keeps the version-1 form. */
    private static boolean timeoutNowV2(TimeoutNow m, int wireVersion) {
        return wireVersion >= 2 && m.leaderLastIndex() != TimeoutNow.UNKNOWN_INDEX;
    }

    /** Whether this code speaks wire version {@code v}. */
    public static boolean knownWireVersion(int v) {
        return v >= OLDEST_WIRE_VERSION && v <= WIRE_VERSION;
    }

    /** The one range check of a wire version, for every setting that takes one. */
    public static void requireWireVersion(int wireVersion) {
        if (!knownWireVersion(wireVersion)) {
            throw new IllegalArgumentException("wire version must be in [" + OLDEST_WIRE_VERSION + ", " + WIRE_VERSION
                    + "], got " + wireVersion);
        }
    }

    private static void head(byte tag, Message m, ByteBuffer out) {
        out.put(tag).putInt(m.from().value()).putInt(m.to().value()).putLong(m.term());
    }

    private static byte bool(boolean b) {
        return (byte) (b ? 1 : 0);
    }

    static boolean bool(byte b) throws IOException {
        if (b != 0 && b != 1) throw new IOException("bad boolean " + b);
        return b == 1;
    }

    private static NodeId nodeId(int id) throws IOException {
        if (id < 0) throw new IOException("negative node id " + id);
        return NodeId.of(id);
    }

    private static List<Entry> entries(ByteBuffer in) throws IOException {
        int count = in.getInt();
        // Each entry takes at least its header: a count the remaining bytes cannot hold is refused before allocating.
        if (count < 0 || count > MAX_ENTRIES || count > in.remaining() / ENTRY_HEAD_BYTES) {
            throw new IOException("bad entry count " + count + " for " + in.remaining() + " remaining bytes");
        }
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long index = in.getLong();
            long term = in.getLong();
            byte type = in.get();
            if (type != 0 && type != 1) throw new IOException("bad entry type " + type);
            int length = in.getInt();
            if (length < 0 || length > MAX_ENTRY_BYTES || length > in.remaining()) {
                throw new IOException("bad entry length " + length + " for " + in.remaining() + " remaining bytes");
            }
            byte[] data = new byte[length];
            in.get(data);
            if (type == 1) MembershipCodec.decode(data); // a configuration entry must hold a configuration
            entries.add(new Entry(index, term, type == 1 ? EntryType.CONFIG : EntryType.COMMAND, data));
        }
        return entries;
    }
}
