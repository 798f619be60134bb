package multidriver.server;

import multidriver.server.codec.MessageCodec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import multidriver.core.log.Entry;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MessageCodecProperties {

  @Property(tries = 500)
  void everyMessageSurvivesARoundTrip(@ForAll("messages") Message message) throws IOException {
    byte[] bytes = MessageCodec.toBytes(message);
    assertEquals(MessageCodec.encodedSize(message), bytes.length);
    assertEquals(message, MessageCodec.fromBytes(bytes, 0, bytes.length));
  }

  @Property(tries = 200)
  void aTruncatedEncodingNeverDecodesSilently(@ForAll("messages") Message message, @ForAll double cutFraction) {
    byte[] full = MessageCodec.toBytes(message);
    int cut = (int) (Math.abs(cutFraction) % 1.0 * full.length);
    assertThrows(IOException.class, () -> MessageCodec.fromBytes(full, 0, cut));
  }

  @Property(tries = 200)
  void trailingBytesAreRejected(@ForAll("messages") Message message, @ForAll @IntRange(min = 1, max = 9) int extra) {
    byte[] full = java.util.Arrays.copyOf(MessageCodec.toBytes(message), MessageCodec.encodedSize(message) + extra);
    assertThrows(IOException.class, () -> MessageCodec.fromBytes(full, 0, full.length));
  }

  /** Fuzz: random bytes decode to a message or fail with IOException; nothing else escapes, nothing hangs. */
  @Property(tries = 2000)
  void randomBytesGiveACleanErrorOrAMessage(@ForAll @Size(max = 200) byte[] bytes) {
    decodeOrCleanError(bytes);
  }

  /** Fuzz: an encoding with bytes flipped, the way a hostile or broken peer would send it. */
  @Property(tries = 2000)
  void mutatedEncodingsGiveACleanErrorOrAMessage(@ForAll("messages") Message message, @ForAll long seed) {
    byte[] bytes = MessageCodec.toBytes(message);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    decodeOrCleanError(bytes);
  }

  /** A count or length that claims far more than the bytes present is refused before anything is allocated. */
  @Test
  void aHugeClaimedEntryCountOrLengthIsRefusedWithoutAllocatingIt() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 8 + 24 + 4);
    b.put((byte) 3).putInt(0).putInt(1).putLong(1).putLong(0).putLong(0).putLong(0).putInt(Integer.MAX_VALUE);
    IOException e = assertThrows(IOException.class, () -> MessageCodec.fromBytes(b.array(), 0, b.capacity()));
    assertTrue(e.getMessage().contains("bad entry count"), e.getMessage());
    java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 8 + 24 + 4 + 21);
    c.put((byte) 3).putInt(0).putInt(1).putLong(1).putLong(0).putLong(0).putLong(0).putInt(1)
        .putLong(1).putLong(1).put((byte) 0).putInt(64 << 20);
    IOException f = assertThrows(IOException.class, () -> MessageCodec.fromBytes(c.array(), 0, c.capacity()));
    assertTrue(f.getMessage().contains("bad entry length"), f.getMessage());
  }

  /**
   * Rolling upgrades: every message encoded for an older peer decodes there, as the message that version can carry
   * (TimeoutNow without the leader's last index), and an older decoder refuses what only a newer one knows.
   */
  @Property(tries = 300)
  void everyMessageSurvivesARoundTripAtEveryWireVersion(@ForAll("messages") Message message,
      @ForAll @IntRange(min = MessageCodec.OLDEST_WIRE_VERSION, max = MessageCodec.WIRE_VERSION) int version)
      throws IOException {
    byte[] bytes = MessageCodec.toBytes(message, version);
    assertEquals(MessageCodec.encodedSize(message, version), bytes.length);
    Message expected = message instanceof TimeoutNow t && version < 2
        ? new TimeoutNow(t.from(), t.to(), t.term(), TimeoutNow.UNKNOWN_INDEX) : message;
    assertEquals(expected, MessageCodec.fromBytes(bytes, 0, bytes.length, version));
    assertEquals(expected, MessageCodec.fromBytes(bytes, 0, bytes.length), "the newest decoder reads every version");
    assertFalse(multidriver.server.codec.ForwardCodec.isForward(bytes, 0, bytes.length),
        "a Raft message's tag is never one of the forwarded requests' that share the connection");
  }

  @Test
  void aVersionOneServerRefusesTheNewerTimeoutNowAndVersionsOutsideTheRangeAreErrors() {
    byte[] v2 = MessageCodec.toBytes(new TimeoutNow(NodeId.of(0), NodeId.of(1), 3, 17));
    IOException e = assertThrows(IOException.class, () -> MessageCodec.fromBytes(v2, 0, v2.length, 1));
    assertTrue(e.getMessage().contains("unknown message tag"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.toBytes(new TimeoutNow(NodeId.of(0),
        NodeId.of(1), 3, 17), MessageCodec.WIRE_VERSION + 1));
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.fromBytes(v2, 0, v2.length, 0));
  }

  @Test
  void unknownTagIsRejected() {
    byte[] bytes = {99, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    assertThrows(IOException.class, () -> MessageCodec.fromBytes(bytes, 0, bytes.length));
  }

  private static void decodeOrCleanError(byte[] bytes) {
    try {
      Message m = MessageCodec.fromBytes(bytes, 0, bytes.length);
      assertEquals(m, MessageCodec.fromBytes(MessageCodec.toBytes(m), 0, MessageCodec.encodedSize(m)));
    } catch (IOException expected) {
      // a clean refusal
    }
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
    Arbitrary<multidriver.core.raft.Membership> memberships = Combinators.combine(
            Arbitraries.integers().between(0, 9).set().ofMaxSize(6), Arbitraries.integers().between(0, 9).set(),
            Arbitraries.strings().alpha().numeric().withChars(":.-,").ofMaxLength(40))
        .as((memberIds, learners, address) -> {
          List<multidriver.core.raft.Member> ms = new java.util.ArrayList<>();
          for (int id : memberIds) ms.add(new multidriver.core.raft.Member(NodeId.of(id), learners.contains(id), address));
          return new multidriver.core.raft.Membership(ms);
        });
    Arbitrary<Entry> configEntry = Combinators.combine(Arbitraries.longs().between(1, 1L << 40),
        Arbitraries.longs().between(1, 1L << 30), memberships)
        .as((i, t, m) -> new Entry(i, t, multidriver.core.log.EntryType.CONFIG,
            multidriver.core.raft.MembershipCodec.encode(m)));
    Arbitrary<List<Entry>> entries = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, entry), net.jqwik.api.Tuple.of(1, configEntry)).list().ofMaxSize(8);
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
    Arbitrary<Message> installSnapshot = Combinators.combine(ids, ids, terms, indexes.filter(i -> i >= 1),
            terms.filter(t -> t >= 1), memberships, Arbitraries.bytes().array(byte[].class).ofMaxSize(300), indexes)
        .as((f, t, term, index, snapTerm, members, chunk, extra) -> new InstallSnapshot(f, t, term, index, snapTerm,
            members, Math.floorMod(extra, 1000), Math.floorMod(extra, 1000) + chunk.length + Math.floorMod(extra, 7),
            chunk));
    Arbitrary<Message> installSnapshotResponse = Combinators.combine(ids, ids, terms, indexes, indexes)
        .as((f, t, term, index, next) -> new InstallSnapshotResponse(f, t, term, index, next));
    Arbitrary<Message> transferVote = Combinators.combine(ids, ids, terms, indexes, indexes)
        .as((f, t, term, i, lt) -> new RequestVote(f, t, term, i, lt, false, true));
    Arbitrary<Message> timeoutNow = Combinators.combine(ids, ids, terms,
        Arbitraries.oneOf(indexes, Arbitraries.just(TimeoutNow.UNKNOWN_INDEX))).as(TimeoutNow::new);
    return Arbitraries.oneOf(requestVote, voteResponse, append, appendResponse, heartbeat, heartbeatResponse,
        installSnapshot, installSnapshotResponse, transferVote, timeoutNow);
  }
}
