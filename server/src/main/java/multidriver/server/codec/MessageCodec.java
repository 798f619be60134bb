package multidriver.server.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import multidriver.core.log.Entry;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.message.AppendEntries;
import multidriver.core.raft.message.AppendEntriesResponse;
import multidriver.core.raft.message.Heartbeat;
import multidriver.core.raft.message.HeartbeatResponse;
import multidriver.core.raft.message.Message;
import multidriver.core.raft.message.RequestVote;
import multidriver.core.raft.message.RequestVoteResponse;

/**
 * Hand-written binary form of the core's sealed {@link Message} records: a tag byte, then the fields in
 * declaration order. Every record of the sealed set has exactly one tag; decoding an unknown tag or an impossible
 * value throws {@link IOException}. Both worlds run it: the node's TCP frames and the simulator's network carry
 * exactly these bytes, and {@code ServerCore.receive} decodes them.
 */
public final class MessageCodec {
  private static final byte REQUEST_VOTE = 1;
  private static final byte REQUEST_VOTE_RESPONSE = 2;
  private static final byte APPEND_ENTRIES = 3;
  private static final byte APPEND_ENTRIES_RESPONSE = 4;
  private static final byte HEARTBEAT = 5;
  private static final byte HEARTBEAT_RESPONSE = 6;
  /** Bound on entries in one AppendEntries; far above the core's maxEntriesPerAppend. */
  public static final int MAX_ENTRIES = 1 << 16;
  /** Bound on one entry's payload. */
  public static final int MAX_ENTRY_BYTES = 4 << 20;

  private MessageCodec() {}

  /** The message as bytes, for a transport that carries byte arrays. */
  public static byte[] toBytes(Message message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try {
      encode(message, new DataOutputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream: cannot happen
    }
    return bytes.toByteArray();
  }

  /** Decodes exactly {@code length} bytes at {@code offset}: trailing bytes are an error, like missing ones. */
  public static Message fromBytes(byte[] data, int offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IOException("bad slice [" + offset + ", +" + length + ") of " + data.length + " bytes");
    }
    ByteArrayInputStream in = new ByteArrayInputStream(data, offset, length);
    Message m = decode(new DataInputStream(in));
    if (in.available() != 0) {
      throw new IOException(in.available() + " trailing bytes after message");
    }
    return m;
  }

  public static void encode(Message message, DataOutput out) throws IOException {
    if (message instanceof RequestVote m) {
      out.writeByte(REQUEST_VOTE);
      writeHead(m, out);
      out.writeLong(m.lastLogIndex());
      out.writeLong(m.lastLogTerm());
      out.writeBoolean(m.preVote());
    } else if (message instanceof RequestVoteResponse m) {
      out.writeByte(REQUEST_VOTE_RESPONSE);
      writeHead(m, out);
      out.writeBoolean(m.granted());
      out.writeBoolean(m.preVote());
    } else if (message instanceof AppendEntries m) {
      out.writeByte(APPEND_ENTRIES);
      writeHead(m, out);
      out.writeLong(m.prevLogIndex());
      out.writeLong(m.prevLogTerm());
      out.writeLong(m.leaderCommit());
      out.writeInt(m.entries().size());
      for (Entry e : m.entries()) {
        out.writeLong(e.index());
        out.writeLong(e.term());
        byte[] data = e.data();
        out.writeInt(data.length);
        out.write(data);
      }
    } else if (message instanceof AppendEntriesResponse m) {
      out.writeByte(APPEND_ENTRIES_RESPONSE);
      writeHead(m, out);
      out.writeBoolean(m.success());
      out.writeLong(m.matchIndex());
      out.writeLong(m.rejectHint());
    } else if (message instanceof Heartbeat m) {
      out.writeByte(HEARTBEAT);
      writeHead(m, out);
      out.writeLong(m.commitIndex());
      out.writeLong(m.readContext());
    } else if (message instanceof HeartbeatResponse m) {
      out.writeByte(HEARTBEAT_RESPONSE);
      writeHead(m, out);
      out.writeLong(m.readContext());
    } else {
      throw new IllegalStateException("no codec for message type " + message.getClass().getName());
    }
  }

  public static Message decode(DataInput in) throws IOException {
    byte tag = in.readByte();
    NodeId from = readNodeId(in);
    NodeId to = readNodeId(in);
    long term = in.readLong();
    try {
      return switch (tag) {
        case REQUEST_VOTE -> new RequestVote(from, to, term, in.readLong(), in.readLong(), in.readBoolean());
        case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, in.readBoolean(), in.readBoolean());
        case APPEND_ENTRIES -> {
          long prevLogIndex = in.readLong();
          long prevLogTerm = in.readLong();
          long leaderCommit = in.readLong();
          yield new AppendEntries(from, to, term, prevLogIndex, prevLogTerm, readEntries(in), leaderCommit);
        }
        case APPEND_ENTRIES_RESPONSE ->
            new AppendEntriesResponse(from, to, term, in.readBoolean(), in.readLong(), in.readLong());
        case HEARTBEAT -> new Heartbeat(from, to, term, in.readLong(), in.readLong());
        case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, in.readLong());
        default -> throw new IOException("unknown message tag " + tag);
      };
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid message field: " + e.getMessage(), e);
    }
  }

  private static void writeHead(Message m, DataOutput out) throws IOException {
    out.writeInt(m.from().value());
    out.writeInt(m.to().value());
    out.writeLong(m.term());
  }

  private static NodeId readNodeId(DataInput in) throws IOException {
    int id = in.readInt();
    if (id < 0) {
      throw new IOException("negative node id " + id);
    }
    return NodeId.of(id);
  }

  private static List<Entry> readEntries(DataInput in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_ENTRIES) {
      throw new IOException("bad entry count " + count);
    }
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long index = in.readLong();
      long term = in.readLong();
      int length = in.readInt();
      if (length < 0 || length > MAX_ENTRY_BYTES) {
        throw new IOException("bad entry length " + length);
      }
      byte[] data = new byte[length];
      in.readFully(data);
      entries.add(new Entry(index, term, data));
    }
    return entries;
  }
}
