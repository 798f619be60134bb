package multidriver.server.codec;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import multidriver.core.kv.KvCodec;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.Member;
import multidriver.core.raft.NodeId;
import multidriver.server.ForwardCall;
import multidriver.server.MembershipChange;
import multidriver.server.Outcome;
import multidriver.server.PeerForward;

/**
 * Binary form of {@link PeerForward}, on the same peer links as {@link MessageCodec}'s Raft messages and told apart
 * by the first byte (tags 10 and 11; Raft messages use 1 to 9, the transport's hello 0):
 * {@code [tag][int from][int to][long forwardId]}, then for a request {@code [long waitMs][call]} and for a reply
 * {@code [outcome]}. A call is a tag and its fields (a write carries {@link KvCodec}'s bytes); an outcome is a tag and
 * its fields; strings are an int length (-1: null) and UTF-8.
 *
 * <p>Decoding trusts nothing, as {@link MessageCodec} does: unknown tags, impossible values, lengths past the bytes
 * present or the bounds below, text that is not UTF-8 and trailing bytes raise {@link IOException}, and nothing larger
 * than the input is allocated.
 */
public final class ForwardCodec {
    static final byte REQUEST = 10;
    static final byte REPLY = 11;
    /** A forwarded write carries at most one entry's worth of command. */
    public static final int MAX_COMMAND_BYTES = MessageCodec.MAX_ENTRY_BYTES;
    /** Reasons and keys; a value read back can be as large as a value written. */
    private static final int MAX_STRING_BYTES = MessageCodec.MAX_ENTRY_BYTES;

    private static final byte CALL_WRITE = 1;
    private static final byte CALL_READ = 2;
    private static final byte CALL_TRANSFER = 3;
    private static final byte CALL_ADD_MEMBER = 4;
    private static final byte CALL_REMOVE_MEMBER = 5;
    private static final byte CALL_SET_MEMBER = 6;

    private static final byte DONE = 1;
    private static final byte NOT_LEADER = 2;
    private static final byte UNAVAILABLE = 3;
    private static final byte TIMED_OUT = 4;
    private static final byte CONFLICT = 5;
    private static final byte INVALID = 6;

    private ForwardCodec() {
    }

    /** Whether the bytes of a peer frame are a {@link PeerForward} rather than a Raft message. */
    public static boolean isForward(byte[] data, int offset, int length) {
        return length > 0 && (data[offset] == REQUEST || data[offset] == REPLY);
    }

    public static byte[] toBytes(PeerForward forward) {
        Sink out = new Sink();
        out.put(forward instanceof PeerForward.Request ? REQUEST : REPLY);
        out.putInt(forward.from()).putInt(forward.to());
        if (forward instanceof PeerForward.Request r) {
            out.putLong(r.forwardId()).putLong(r.waitMs());
            call(r.call(), out);
        } else {
            PeerForward.Reply r = (PeerForward.Reply) forward;
            out.putLong(r.forwardId());
            outcome(r.outcome(), out);
        }
        return out.toByteArray();
    }

    /** Decodes exactly {@code length} bytes at {@code offset}: trailing bytes are an error, like missing ones. */
    public static PeerForward fromBytes(byte[] data, int offset, int length) throws IOException {
        ByteBuffer in = MessageCodec.slice(data, offset, length);
        try {
            byte tag = in.get();
            int from = nodeId(in.getInt());
            int to = nodeId(in.getInt());
            long forwardId = in.getLong();
            PeerForward f = switch (tag) {
                case REQUEST -> {
                    long waitMs = in.getLong();
                    if (waitMs < 0) throw new IOException("negative wait " + waitMs);
                    yield new PeerForward.Request(from, to, forwardId, waitMs, call(in));
                }
                case REPLY -> new PeerForward.Reply(from, to, forwardId, outcome(in));
                default -> throw new IOException("not a forwarded request or reply: tag " + tag);
            };
            if (in.hasRemaining()) throw new IOException(in.remaining() + " trailing bytes after forward");
            return f;
        } catch (BufferUnderflowException e) {
            throw new IOException("forward cut short (" + length + " bytes)");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("invalid forward field: " + e.getMessage(), e);
        }
    }

    private static void call(ForwardCall call, Sink out) {
        if (call instanceof ForwardCall.Write w) {
            byte[] command = KvCodec.encode(w.command());
            out.put(CALL_WRITE).putInt(command.length).put(command);
        } else if (call instanceof ForwardCall.Read r) {
            out.put(CALL_READ).putString(r.key());
        } else if (call instanceof ForwardCall.TransferLeadership t) {
            out.put(CALL_TRANSFER).putInt(t.target());
        } else {
            MembershipChange change = ((ForwardCall.ChangeMembership) call).change();
            if (change instanceof MembershipChange.SetMember set) {
                out.put(CALL_SET_MEMBER).putInt(set.id().value())
                        .put((byte) (set.learner() == null ? 2 : set.learner() ? 1 : 0)).putString(set.address());
            } else if (change instanceof MembershipChange.AddMember add) {
                Member m = add.member();
                out.put(CALL_ADD_MEMBER).putInt(m.id().value()).put((byte) (m.learner() ? 1 : 0))
                        .putString(m.address());
            } else {
                out.put(CALL_REMOVE_MEMBER).putInt(((MembershipChange.RemoveMember) change).id().value());
            }
        }
    }

    private static ForwardCall call(ByteBuffer in) throws IOException {
        byte tag = in.get();
        return switch (tag) {
            case CALL_WRITE -> {
                int length = in.getInt();
                if (length < 0 || length > MAX_COMMAND_BYTES || length > in.remaining()) {
                    throw new IOException("bad command length " + length + " for " + in.remaining() + " bytes");
                }
                byte[] command = new byte[length];
                in.get(command);
                yield new ForwardCall.Write(KvCodec.decode(command));
            }
            case CALL_READ -> new ForwardCall.Read(nonNull(string(in)));
            case CALL_TRANSFER -> new ForwardCall.TransferLeadership(nodeId(in.getInt()));
            case CALL_ADD_MEMBER -> {
                NodeId id = NodeId.of(nodeId(in.getInt()));
                boolean learner = MessageCodec.bool(in.get());
                yield new ForwardCall.ChangeMembership(new MembershipChange.AddMember(
                        new Member(id, learner, nonNull(string(in)))));
            }
            case CALL_SET_MEMBER -> {
                NodeId id = NodeId.of(nodeId(in.getInt()));
                byte role = in.get();
                if (role < 0 || role > 2) throw new IOException("bad learner flag " + role);
                Boolean learner = role == 2 ? null : role == 1;
                yield new ForwardCall.ChangeMembership(new MembershipChange.SetMember(id, learner, string(in)));
            }
            case CALL_REMOVE_MEMBER -> new ForwardCall.ChangeMembership(
                    new MembershipChange.RemoveMember(NodeId.of(nodeId(in.getInt()))));
            default -> throw new IOException("unknown forwarded call " + tag);
        };
    }

    private static void outcome(Outcome o, Sink out) {
        if (o instanceof Outcome.Done d) {
            out.put(DONE).putLong(d.index());
            if (d.result() == null) {
                out.put((byte) 0);
            } else {
                out.put((byte) 1).put((byte) d.result().status().ordinal()).putString(d.result().value());
            }
        } else if (o instanceof Outcome.NotLeader) {
            out.put(NOT_LEADER);
        } else if (o instanceof Outcome.Unavailable u) {
            out.put(UNAVAILABLE).putString(u.reason()).put((byte) (u.definitelyNotApplied() ? 1 : 0));
        } else if (o instanceof Outcome.TimedOut t) {
            out.put(TIMED_OUT).putLong(t.waitedMs());
        } else if (o instanceof Outcome.Conflict c) {
            out.put(CONFLICT).putString(c.reason());
        } else {
            out.put(INVALID).putString(((Outcome.Invalid) o).reason());
        }
    }

    private static Outcome outcome(ByteBuffer in) throws IOException {
        byte tag = in.get();
        return switch (tag) {
            case DONE -> {
                long index = in.getLong();
                boolean hasResult = MessageCodec.bool(in.get());
                KvResult result = null;
                if (hasResult) {
                    int status = in.get();
                    KvResult.Status[] all = KvResult.Status.values();
                    if (status < 0 || status >= all.length) throw new IOException("bad result status " + status);
                    result = new KvResult(all[status], string(in));
                }
                yield new Outcome.Done(index, result);
            }
            case NOT_LEADER -> new Outcome.NotLeader();
            case UNAVAILABLE -> new Outcome.Unavailable(nonNull(string(in)), MessageCodec.bool(in.get()));
            case TIMED_OUT -> new Outcome.TimedOut(in.getLong());
            case CONFLICT -> new Outcome.Conflict(nonNull(string(in)));
            case INVALID -> new Outcome.Invalid(nonNull(string(in)));
            default -> throw new IOException("unknown outcome " + tag);
        };
    }

    private static int nodeId(int id) throws IOException {
        if (id < 0) throw new IOException("negative node id " + id);
        return id;
    }

    private static String nonNull(String s) throws IOException {
        if (s == null) throw new IOException("missing text");
        return s;
    }

    private static String string(ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length == -1) return null;
        if (length < 0 || length > MAX_STRING_BYTES || length > in.remaining()) {
            throw new IOException("bad text length " + length + " for " + in.remaining() + " bytes");
        }
        ByteBuffer slice = in.slice();
        slice.limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("text is not UTF-8");
        }
    }

    /** A growable big-endian byte sink (the encoded size is not known up front: results carry values). */
    private static final class Sink {
        private ByteBuffer buffer = ByteBuffer.allocate(64);

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        Sink put(byte b) {
            room(1);
            buffer.put(b);
            return this;
        }

        Sink put(byte[] b) {
            room(b.length);
            buffer.put(b);
            return this;
        }

        Sink putInt(int v) {
            room(4);
            buffer.putInt(v);
            return this;
        }

        Sink putLong(long v) {
            room(8);
            buffer.putLong(v);
            return this;
        }

        Sink putString(String s) {
            if (s == null) return putInt(-1);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return putInt(b.length).put(b);
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
