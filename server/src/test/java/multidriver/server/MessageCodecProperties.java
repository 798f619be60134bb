package multidriver.server;

import multidriver.server.codec.MessageCodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MessageCodecProperties {

  @Property(tries = 500)
  void everyMessageSurvivesARoundTrip(@ForAll("messages") Message message) throws IOException {
    assertEquals(message, roundTrip(message));
  }

  @Property(tries = 200)
  void aTruncatedEncodingNeverDecodesSilently(@ForAll("messages") Message message, @ForAll double cutFraction)
      throws IOException {
    byte[] full = encode(message);
    int cut = (int) (Math.abs(cutFraction) % 1.0 * full.length);
    byte[] truncated = java.util.Arrays.copyOf(full, cut);
    assertThrows(IOException.class, () -> MessageCodec.decode(new DataInputStream(new ByteArrayInputStream(truncated))));
  }

  @Test
  void unknownTagIsRejected() {
    byte[] bytes = {99, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    assertThrows(IOException.class, () -> MessageCodec.decode(new DataInputStream(new ByteArrayInputStream(bytes))));
  }

  static byte[] encode(Message m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MessageCodec.encode(m, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  static Message roundTrip(Message m) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(encode(m)));
    Message decoded = MessageCodec.decode(in);
    assertEquals(0, in.available(), "decoder must consume exactly the encoding");
    return decoded;
  }

  @Provide
  Arbitrary<Message> messages() {
    Arbitrary<NodeId> ids = Arbitraries.integers().between(0, 6).map(NodeId::of);
    Arbitrary<Long> terms = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<Long> indexes = Arbitraries.longs().between(0, 1L << 40);
    Arbitrary<Boolean> flags = Arbitraries.of(true, false);
    Arbitrary<Entry> entry = Combinators.combine(Arbitraries.longs().between(1, 1L << 40),
        Arbitraries.longs().between(1, 1L << 30), Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as(Entry::new);
    Arbitrary<List<Entry>> entries = entry.list().ofMaxSize(8);
    Arbitrary<Message> requestVote = Combinators.combine(ids, ids, terms, indexes, indexes, flags)
        .as((f, t, term, li, lt, pv) -> new RequestVote(f, t, term, li, lt, pv));
    Arbitrary<Message> voteResponse = Combinators.combine(ids, ids, terms, flags, flags)
        .as((f, t, term, g, pv) -> new RequestVoteResponse(f, t, term, g, pv));
    Arbitrary<Message> append = Combinators.combine(ids, ids, terms, indexes, indexes, entries, indexes)
        .as((f, t, term, pi, pt, es, lc) -> new AppendEntries(f, t, term, pi, pt, es, lc));
    Arbitrary<Message> appendResponse = Combinators.combine(ids, ids, terms, flags, indexes, indexes)
        .as((f, t, term, ok, mi, hint) -> new AppendEntriesResponse(f, t, term, ok, mi, hint));
    Arbitrary<Message> heartbeat = Combinators.combine(ids, ids, terms, indexes, indexes)
        .as((f, t, term, ci, ctx) -> new Heartbeat(f, t, term, ci, ctx));
    Arbitrary<Message> heartbeatResponse = Combinators.combine(ids, ids, terms, indexes)
        .as((f, t, term, ctx) -> new HeartbeatResponse(f, t, term, ctx));
    return Arbitraries.oneOf(requestVote, voteResponse, append, appendResponse, heartbeat, heartbeatResponse);
  }
}
