package multidriver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import multidriver.core.kv.ClientId;
import multidriver.core.kv.KvCommand;
import multidriver.core.kv.KvResult;
import multidriver.core.raft.Member;
import multidriver.core.raft.NodeId;
import multidriver.server.codec.ForwardCodec;
import multidriver.server.codec.MessageCodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The forwarded-request codec: round trips, and a clean error for anything a broken or hostile peer sends. */
class ForwardCodecProperties {

  @Property(tries = 500)
  void everyForwardSurvivesARoundTrip(@ForAll("forwards") PeerForward forward) throws IOException {
    byte[] bytes = ForwardCodec.toBytes(forward);
    assertTrue(ForwardCodec.isForward(bytes, 0, bytes.length));
    assertEquals(forward, ForwardCodec.fromBytes(bytes, 0, bytes.length));
  }

  @Property(tries = 200)
  void aTruncatedEncodingNeverDecodesSilently(@ForAll("forwards") PeerForward forward, @ForAll double cutFraction) {
    byte[] full = ForwardCodec.toBytes(forward);
    int cut = (int) (Math.abs(cutFraction) % 1.0 * full.length);
    assertThrows(IOException.class, () -> ForwardCodec.fromBytes(full, 0, cut));
  }

  @Property(tries = 200)
  void trailingBytesAreRejected(@ForAll("forwards") PeerForward forward, @ForAll @IntRange(min = 1, max = 9) int extra) {
    byte[] encoded = ForwardCodec.toBytes(forward);
    byte[] full = java.util.Arrays.copyOf(encoded, encoded.length + extra);
    assertThrows(IOException.class, () -> ForwardCodec.fromBytes(full, 0, full.length));
  }

  /** Fuzz: random bytes after a forward tag decode to a forward or fail with IOException; nothing else escapes. */
  @Property(tries = 2000)
  void randomBytesGiveACleanErrorOrAForward(@ForAll @Size(max = 200) byte[] bytes, @ForAll boolean reply) {
    if (bytes.length > 0) bytes[0] = (byte) (reply ? 11 : 10);
    decodeOrCleanError(bytes);
  }

  /** Fuzz: an encoding with bytes changed, the way a broken peer would send it. */
  @Property(tries = 2000)
  void mutatedEncodingsGiveACleanErrorOrAForward(@ForAll("forwards") PeerForward forward, @ForAll long seed) {
    byte[] bytes = ForwardCodec.toBytes(forward);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    decodeOrCleanError(bytes);
  }

  @Test
  void raftMessagesAreNotTakenForForwards() {
    byte[] heartbeat = MessageCodec.toBytes(new multidriver.core.raft.message.Heartbeat(NodeId.of(0), NodeId.of(1), 3,
        5, 0));
    assertFalse(ForwardCodec.isForward(heartbeat, 0, heartbeat.length));
    assertFalse(ForwardCodec.isForward(new byte[0], 0, 0));
  }

  @Test
  void aHugeClaimedLengthIsRefusedWithoutAllocatingIt() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 4 + 4 + 8 + 8 + 1 + 4);
    b.put((byte) 10).putInt(1).putInt(0).putLong(7).putLong(100).put((byte) 1).putInt(Integer.MAX_VALUE);
    IOException e = assertThrows(IOException.class, () -> ForwardCodec.fromBytes(b.array(), 0, b.capacity()));
    assertTrue(e.getMessage().contains("bad command length"), e.getMessage());
  }

  private static void decodeOrCleanError(byte[] bytes) {
    try {
      PeerForward f = ForwardCodec.fromBytes(bytes, 0, bytes.length);
      assertEquals(f, ForwardCodec.fromBytes(ForwardCodec.toBytes(f), 0, ForwardCodec.toBytes(f).length));
    } catch (IOException expected) {
      // a clean refusal
    }
  }

  @Provide
  Arbitrary<PeerForward> forwards() {
    Arbitrary<Integer> ids = Arbitraries.integers().between(0, 64);
    Arbitrary<Long> longs = Arbitraries.longs();
    Arbitrary<PeerForward> requests = Combinators.combine(ids, ids, longs, Arbitraries.longs().between(0, 60_000),
        calls()).as(PeerForward.Request::new);
    Arbitrary<PeerForward> replies = Combinators.combine(ids, ids, longs, outcomes()).as(PeerForward.Reply::new);
    return Arbitraries.oneOf(requests, replies);
  }

  private static Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(40).filter(s -> s.equals(new String(
        s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static Arbitrary<ForwardCall> calls() {
    Arbitrary<ClientId> clients = Arbitraries.longs().between(1, 1_000_000).map(ClientId::new);
    Arbitrary<Long> seqs = Arbitraries.longs().between(1, 1_000_000);
    Arbitrary<String> keys = text().filter(s -> !s.isEmpty());
    Arbitrary<KvCommand> commands = Arbitraries.oneOf(
        Combinators.combine(clients, seqs, keys, text(), text()).as(KvCommand.Put::new),
        Combinators.combine(clients, seqs, keys, text().injectNull(0.3), text(), text()).as(KvCommand.Cas::new),
        Combinators.combine(clients, seqs, keys, text()).as(KvCommand.Delete::new),
        text().map(KvCommand.Register::new));
    Arbitrary<Member> members = Combinators.combine(Arbitraries.integers().between(0, 64).map(NodeId::of),
        Arbitraries.of(true, false), Arbitraries.strings().alpha().ofMaxLength(30)).as(Member::new);
    return Arbitraries.oneOf(
        commands.map(ForwardCall.Write::new),
        keys.map(ForwardCall.Read::new),
        Arbitraries.integers().between(0, 64).map(ForwardCall.TransferLeadership::new),
        members.map(m -> new ForwardCall.ChangeMembership(new MembershipChange.AddMember(m))),
        Combinators.combine(Arbitraries.integers().between(0, 64).map(NodeId::of),
            Arbitraries.of(true, false).injectNull(0.3), Arbitraries.strings().alpha().ofMaxLength(30).injectNull(0.3))
            .as((id, learner, address) -> new ForwardCall.ChangeMembership(
                new MembershipChange.SetMember(id, learner, address))),
        Arbitraries.integers().between(0, 64).map(i -> new ForwardCall.ChangeMembership(
            new MembershipChange.RemoveMember(NodeId.of(i)))));
  }

  private static Arbitrary<Outcome> outcomes() {
    Arbitrary<KvResult> results = Combinators.combine(Arbitraries.of(KvResult.Status.class), text().injectNull(0.3))
        .as(KvResult::new);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), results.injectNull(0.2))
            .as(Outcome.Done::new),
        Arbitraries.just(new Outcome.NotLeader()),
        Combinators.combine(text(), Arbitraries.of(true, false)).as(Outcome.Unavailable::new),
        Arbitraries.longs().between(0, 100_000).map(Outcome.TimedOut::new),
        text().map(Outcome.Conflict::new),
        text().map(Outcome.Invalid::new));
  }
}
