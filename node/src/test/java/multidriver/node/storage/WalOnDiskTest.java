package multidriver.node.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RaftConfig;
import multidriver.core.raft.RaftNode;
import multidriver.core.raft.RecoveredState;
import multidriver.server.wal.Wal;
import multidriver.server.wal.WalCorruptionException;
import multidriver.server.wal.WalMissingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's WAL over the production file system: real files, real fsyncs, damage made by hand. */
class WalOnDiskTest {
  @TempDir Path dir;

  static Entry entry(long index, long term, String data) {
    return new Entry(index, term, data.getBytes(StandardCharsets.UTF_8));
  }

  static List<Entry> entries(long from, long to, long term) {
    List<Entry> list = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      list.add(entry(i, term, "value-" + i));
    }
    return list;
  }

  private static Wal open(Path root) throws IOException {
    return open(root, Wal.DEFAULT_SEGMENT_BYTES);
  }

  private static Wal open(Path root, long segmentBytes) throws IOException {
    return Wal.open(new DiskFileSystem(root), "wal", segmentBytes, true, false);
  }

  private static List<Path> segments(Path root) throws IOException {
    try (var files = Files.list(root.resolve("wal"))) {
      return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
    }
  }

  @Test
  void emptyWalRecoversInitialState() throws IOException {
    try (Wal wal = open(dir)) {
      assertEquals(RecoveredState.EMPTY, wal.recovered());
    }
  }

  @Test
  void aMissingWalIsRefusedUnlessBootstrapping() throws IOException {
    WalMissingException e = assertThrows(WalMissingException.class,
        () -> Wal.open(new DiskFileSystem(dir), "wal", Wal.DEFAULT_SEGMENT_BYTES, false, false));
    assertTrue(e.getMessage().contains("BOOTSTRAP=true") && e.getMessage().contains("vote twice"), e.getMessage());
    try (Wal wal = open(dir)) {
      wal.append(new HardState(5, NodeId.of(1), 0), List.of(), true);
    }
    // Once created, a WAL opens without the bootstrap permission.
    try (Wal wal = Wal.open(new DiskFileSystem(dir), "wal", Wal.DEFAULT_SEGMENT_BYTES, false, false)) {
      assertEquals(new HardState(5, NodeId.of(1), 0), wal.recovered().hardState());
    }
  }

  @Test
  void entriesAndLastHardStateSurviveReopen() throws IOException {
    try (Wal wal = open(dir)) {
      wal.append(new HardState(1, NodeId.of(2), 0), entries(1, 3, 1), true);
      wal.append(new HardState(2, null, 3), entries(4, 5, 2), true);
    }
    try (Wal wal = open(dir)) {
      RecoveredState s = wal.recovered();
      assertEquals(new HardState(2, null, 3), s.hardState());
      List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
      expected.addAll(entries(4, 5, 2));
      assertEquals(expected, s.log());
    }
  }

  @Test
  void rewritingAnIndexTruncatesTheConflictingSuffix() throws IOException {
    // §5.3: a new leader's entry at index 3 replaces the follower's entries 3..5 from an older term.
    try (Wal wal = open(dir)) {
      wal.append(new HardState(1, NodeId.of(0), 0), entries(1, 5, 1), true);
      wal.append(new HardState(2, NodeId.of(1), 0), List.of(entry(3, 2, "new")), true);
    }
    try (Wal wal = open(dir)) {
      List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
      expected.add(entry(3, 2, "new"));
      assertEquals(expected, wal.recovered().log());
    }
  }

  /**
   * A follower's write of a new term with a truncation and a commit index (the case a torn write used to break):
   * cut anywhere, what recovers is a state the Raft core accepts, and never a term-2 entry under term 1 or a
   * commit index over entries that did not survive.
   */
  @Test
  void everyPrefixOfAWriteRecoversToAStateRaftAccepts() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = open(base)) {
      wal.append(new HardState(1, NodeId.of(0), 1), entries(1, 4, 1), true);
    }
    Path segment = segments(base).get(0);
    long durableBytes = Files.size(segment);
    try (Wal wal = open(base)) {
      List<Entry> replacing = List.of(entry(3, 2, "new-3"), entry(4, 2, "new-4"), entry(5, 2, "new-5"));
      wal.append(new HardState(2, NodeId.of(1), 5), replacing, true);
    }
    byte[] full = Files.readAllBytes(segment);
    for (long cut = durableBytes; cut <= full.length; cut++) {
      Path copy = cutCopy(segment, full, cut);
      try (Wal wal = open(copy)) {
        RecoveredState s = wal.recovered();
        assertTrue(s.log().isEmpty() || s.log().get(s.log().size() - 1).term() <= s.hardState().term(),
            "cut " + cut + ": log ends in a term after the recovered term: " + s);
        assertTrue(s.hardState().commitIndex() <= s.log().size(), "cut " + cut + ": commit beyond log: " + s);
        if (s.hardState().commitIndex() >= 3) {
          assertEquals(2, s.log().get(2).term(), "cut " + cut + ": a commit index over entry 3 means the new one");
        }
        new RaftNode(NodeId.of(2), List.of(NodeId.of(0), NodeId.of(1)), RaftConfig.defaults(),
            new SplittableRandom(1), s); // throws if Raft refuses the recovered state
      }
    }
  }

  @Test
  void tornTailIsTruncatedAtEveryCutPointAndTheWalStaysWritable() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = open(base)) {
      wal.append(new HardState(1, NodeId.of(0), 0), entries(1, 2, 1), true);
    }
    Path segment = segments(base).get(0);
    long durableBytes = Files.size(segment);
    try (Wal wal = open(base)) {
      wal.append(null, List.of(entry(3, 1, "the-unacknowledged-write")), true);
    }
    long fullBytes = Files.size(segment);
    byte[] full = Files.readAllBytes(segment);
    for (long cut = durableBytes; cut < fullBytes; cut++) {
      Path copy = cutCopy(segment, full, cut);
      Path copySegment = copy.resolve("wal").resolve(segment.getFileName());
      try (Wal wal = open(copy)) {
        assertEquals(entries(1, 2, 1), wal.recovered().log(), "cut at byte " + cut);
        assertEquals(durableBytes, Files.size(copySegment), "torn bytes are removed, cut at " + cut);
        wal.append(null, List.of(entry(3, 2, "after-repair")), true);
      }
      try (Wal wal = open(copy)) {
        assertEquals(entry(3, 2, "after-repair"), wal.recovered().log().get(2), "cut at byte " + cut);
      }
    }
  }

  /** The probe: one flipped bit in the first record of a log holding term 5 and a vote. */
  @Test
  void aFlippedByteInARecordThatWasOnceDurableStopsRecoveryWithAClearMessage() throws IOException {
    try (Wal wal = open(dir)) {
      wal.append(new HardState(5, NodeId.of(3), 0), entries(1, 2, 5), true);
      wal.append(null, entries(3, 4, 5), true); // written after the first fsync: vouches for it
    }
    Path segment = segments(dir).get(0);
    flipByte(segment, 8 + 20); // inside the first record's payload
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(dir));
    assertTrue(e.getMessage().contains(segment.getFileName().toString()) && e.getMessage().contains("offset 16")
        && e.getMessage().contains("re-add"), e.getMessage());
    // Nothing was truncated: the evidence stays for whoever repairs the node.
    assertEquals(true, Files.size(segment) > 100);
  }

  @Test
  void damageInTheLastSyncedBatchCannotBeToldFromATornWriteAndIsTruncated() throws IOException {
    try (Wal wal = open(dir)) {
      wal.append(null, entries(1, 4, 1), true);
    }
    Path segment = segments(dir).get(0);
    flipByte(segment, Files.size(segment) - 3);
    try (Wal wal = open(dir)) {
      assertEquals(entries(1, 3, 1), wal.recovered().log());
    }
  }

  @Test
  void garbageLengthInTheTailIsTreatedAsTorn() throws IOException {
    try (Wal wal = open(dir)) {
      wal.append(null, entries(1, 2, 1), true);
    }
    Path segment = segments(dir).get(0);
    long before = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 1}));
    }
    try (Wal wal = open(dir)) {
      assertEquals(entries(1, 2, 1), wal.recovered().log());
    }
    assertEquals(before, Files.size(segment));
  }

  @Test
  void segmentsRollOverAndReplayInOrder() throws IOException {
    try (Wal wal = open(dir, 1024)) {
      for (long i = 1; i <= 200; i++) {
        wal.append(new HardState(1, null, i - 1), List.of(entry(i, 1, "v" + "x".repeat(40) + i)), i % 7 == 0);
      }
    }
    assertTrue(segments(dir).size() > 3, "expected several segments");
    try (Wal wal = open(dir, 1024)) {
      assertEquals(200, wal.recovered().log().size());
      assertEquals(new HardState(1, null, 199), wal.recovered().hardState());
      wal.append(null, List.of(entry(201, 1, "more")), true);
    }
    try (Wal wal = open(dir, 1024)) {
      assertEquals(201, wal.recovered().log().size());
    }
  }

  @Test
  void damageInAnEarlierSegmentIsCorruptionNotATornTail() throws IOException {
    try (Wal wal = open(dir, 1024)) {
      for (long i = 1; i <= 100; i++) {
        wal.append(null, List.of(entry(i, 1, "x".repeat(50))), true);
      }
    }
    List<Path> segments = segments(dir);
    assertTrue(segments.size() >= 2);
    flipByte(segments.get(0), 8 + 20);
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(dir, 1024));
    assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
  }

  @Test
  void tornSegmentHeaderOfANewSegmentIsRepaired() throws IOException {
    try (Wal wal = open(dir)) {
      wal.append(null, entries(1, 2, 1), true);
    }
    Files.write(dir.resolve("wal").resolve(Wal.segmentName(2)), new byte[] {'M', 'D'});
    try (Wal wal = open(dir)) {
      assertEquals(entries(1, 2, 1), wal.recovered().log());
      wal.append(null, List.of(entry(3, 1, "c")), true);
    }
    try (Wal wal = open(dir)) {
      assertEquals(3, wal.recovered().log().size());
    }
  }

  /**
   * A misdirected write: the device put the last, acknowledged batch a few bytes or sectors early, over records that
   * were durable, and its own place kept nothing. Nothing after it vouches for the damaged bytes, so without the
   * records' own offsets this would look exactly like a torn tail and an acknowledged entry would be truncated away.
   */
  @Test
  void aCompleteRecordFoundAwayFromTheOffsetItWasWrittenForIsCorruptionNotATornTail() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = open(base)) {
      for (long i = 1; i <= 31; i++) {
        wal.append(new HardState(1, NodeId.of(0), i - 1), List.of(entry(i, 1, "v".repeat(40))), true);
      }
    }
    Path segment = segments(base).get(0);
    int before = (int) Files.size(segment);
    try (Wal wal = open(base)) {
      wal.append(new HardState(1, NodeId.of(0), 31), List.of(entry(32, 1, "v".repeat(40))), true);
    }
    byte[] full = Files.readAllBytes(segment);
    int batch = full.length - before;
    for (int shift : new int[] {1, 17, 512, batch, 2 * batch, 3 * batch + 5}) {
      Path copied = misdirectedCopy(segment, full, before, before - shift, "shift-" + shift);
      Path copy = copied.getParent().getParent();
      WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(copy), "shift " + shift);
      assertTrue(e.getMessage().contains("another offset") && e.getMessage().contains("re-add"), e.getMessage());
      assertEquals(full.length, Files.size(copied), "nothing is truncated, shift " + shift);
    }
  }

  /**
   * The same, in a short segment (as a compaction leaves one: the hard state, then a few records): the last batch
   * lands at every offset before its own, including inside the segment header, and nothing is truncated. Landing
   * over the salt damages both the salt and the first record, so no record boundary and no record of the segment's
   * tag shows the damage (found by the simulator, seed 3: the hard state was truncated as a torn tail and the node
   * came back in term 0). A lone entry of 616 payload bytes landing at byte 5 writes {@code 00 00 02} over the
   * magic's last bytes, format 2's magic (found by review): the segment must not be read as format 2.
   */
  @Test
  void aLastBatchMisdirectedToAnyEarlierOffsetOfAShortSegmentIsCorruption() throws IOException {
    List<List<Entry>> batches = List.of(List.of(entry(1, 4, "v".repeat(30))), List.of(entry(1, 4, "v".repeat(600))));
    for (int shape = 0; shape < batches.size(); shape++) {
      Path base = dir.resolve("base-" + shape);
      try (Wal wal = open(base)) {
        wal.append(new HardState(4, NodeId.of(2), 0), List.of(), true);
      }
      Path segment = segments(base).get(0);
      int before = (int) Files.size(segment);
      try (Wal wal = open(base)) {
        // The second shape's batch is the entry alone: its first bytes are the record's length, 0x00000268.
        wal.append(shape == 0 ? new HardState(4, NodeId.of(2), 0) : null, batches.get(shape), true);
      }
      byte[] full = Files.readAllBytes(segment);
      for (int landsAt = 0; landsAt < before; landsAt++) {
        Path copied = misdirectedCopy(segment, full, before, landsAt, "lands-" + shape + "-" + landsAt);
        Path copy = copied.getParent().getParent();
        String what = "shape " + shape + " lands at " + landsAt;
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> open(copy), what);
        assertTrue(e.getMessage().contains("re-add"), e.getMessage());
        assertEquals(full.length, Files.size(copied), "nothing is truncated, " + what);
      }
    }
  }

  /**
   * A copy of {@code segment} (its bytes {@code full}) under {@code dir/name} as the platter holds it after a
   * misdirected write of its last batch (the bytes from {@code before}) to {@code landsAt}: the batch's own place
   * kept what it held, nothing. Returns the copied segment.
   */
  private Path misdirectedCopy(Path segment, byte[] full, int before, int landsAt, String name) throws IOException {
    byte[] platter = java.util.Arrays.copyOf(full, full.length);
    java.util.Arrays.fill(platter, before, full.length, (byte) 0);
    System.arraycopy(full, before, platter, landsAt, full.length - before);
    Path copied = dir.resolve(name).resolve("wal").resolve(segment.getFileName());
    Files.createDirectories(copied.getParent());
    Files.write(copied, platter);
    return copied;
  }

  /**
   * A client's value is stored inside an entry record, and it can hold the bytes of a complete, CRC-valid record that
   * claims another offset. Inside a torn tail that must not pass for a misdirected write (the node would refuse to
   * start after an ordinary crash): a forged record does not carry the segment's secret tag, so it is ignored.
   */
  @Test
  void aForgedRecordInsideAClientValueDoesNotTurnATornTailIntoCorruption() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = open(base)) {
      wal.append(new HardState(1, NodeId.of(0), 0), entries(1, 3, 1), true);
    }
    Path segment = segments(base).get(0);
    long durable = Files.size(segment);
    ByteBuffer value = ByteBuffer.allocate(64 * 49);
    for (int tagGuess = 0; tagGuess < 64; tagGuess++) {
      value.put(forgedHardStateRecord(tagGuess)); // meant for offset 0, vouching for nothing: "misplaced" anywhere
    }
    try (Wal wal = open(base)) {
      wal.append(null, List.of(new Entry(4, 1, value.array())), true);
    }
    byte[] full = Files.readAllBytes(segment);
    for (long cut : new long[] {durable + 40, durable + 1000, full.length - 1}) {
      Path copy = cutCopy(segment, full, cut);
      try (Wal wal = open(copy)) {
        assertEquals(entries(1, 3, 1), wal.recovered().log(), "a torn write of the client's entry, cut at " + cut);
      }
    }
  }

  /** A format 3 hard-state record for offset 0 with the given tag, CRC and all, as a client could compute it. */
  private static byte[] forgedHardStateRecord(int tag) {
    ByteBuffer covered = ByteBuffer.allocate(1 + 4 + 8 + 8 + 20);
    covered.put((byte) 2).putInt(tag).putLong(0).putLong(0).putLong(9).putInt(1).putLong(0);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(covered.array());
    return ByteBuffer.allocate(8 + covered.capacity()).putInt(20).putInt((int) crc.getValue()).put(covered.array())
        .array();
  }

  /**
   * Every single bit flip in a segment's header (magic and salt) is refused, never read as a log of another format
   * or as a torn tail. Found by the simulator: with a version byte one bit from format 2's, a flip made the segment
   * read as format 2, its records misparsed and truncated, and a compacted log came back without its hard state.
   */
  @Test
  void everyBitFlipInASegmentHeaderIsRefused() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = open(base)) {
      wal.append(new HardState(3, NodeId.of(1), 0), entries(1, 3, 3), true);
      wal.append(new HardState(3, NodeId.of(1), 3), List.of(), true);
    }
    Path segment = segments(base).get(0);
    byte[] full = Files.readAllBytes(segment);
    for (int bit = 0; bit < 16 * 8; bit++) {
      byte[] damaged = full.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      Path copy = dir.resolve("bit-" + bit);
      Files.createDirectories(copy.resolve("wal"));
      Files.write(copy.resolve("wal").resolve(segment.getFileName()), damaged);
      int b = bit;
      assertThrows(WalCorruptionException.class, () -> open(copy), "header bit " + b);
    }
  }

  /** A log written by the previous release (format 2: records without their offset) is read; appends go on in 3. */
  @Test
  void aFormatTwoLogIsReadAndAppendsGoOnInANewFormatThreeSegment() throws IOException {
    ByteBuffer v2 = ByteBuffer.allocate(4096);
    v2.put(new byte[] {'M', 'D', 'W', 'A', 'L', 0, 0, 2});
    putV2Record(v2, (byte) 2, 0, ByteBuffer.allocate(20).putLong(3).putInt(1).putLong(0).array());
    for (long i = 1; i <= 3; i++) {
      byte[] data = ("old-" + i).getBytes(StandardCharsets.UTF_8);
      putV2Record(v2, (byte) 1, v2.position(),
          ByteBuffer.allocate(16 + data.length).putLong(i).putLong(3).put(data).array());
    }
    Files.createDirectories(dir.resolve("wal"));
    Files.write(dir.resolve("wal").resolve(Wal.segmentName(1)), java.util.Arrays.copyOf(v2.array(), v2.position()));
    try (Wal wal = open(dir)) {
      assertEquals(new HardState(3, NodeId.of(1), 0), wal.recovered().hardState());
      assertEquals(List.of(entry(1, 3, "old-1"), entry(2, 3, "old-2"), entry(3, 3, "old-3")), wal.recovered().log());
      wal.append(new HardState(3, NodeId.of(1), 3), List.of(entry(4, 3, "new-4")), true);
    }
    List<Path> segments = segments(dir);
    assertEquals(2, segments.size(), "the new record went into a fresh segment");
    assertEquals(0x5A, Files.readAllBytes(segments.get(1))[7], "in format 3");
    try (Wal wal = open(dir)) {
      assertEquals(4, wal.recovered().log().size());
      assertEquals(entry(4, 3, "new-4"), wal.recovered().log().get(3));
      assertEquals(new HardState(3, NodeId.of(1), 3), wal.recovered().hardState());
    }
  }

  /** A format 2 record, written by hand as the previous release did: length, CRC32C, type, syncedThrough, payload. */
  private static void putV2Record(ByteBuffer out, byte type, long syncedThrough, byte[] payload) {
    ByteBuffer covered = ByteBuffer.allocate(1 + 8 + payload.length).put(type).putLong(syncedThrough).put(payload);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(covered.array());
    out.putInt(payload.length).putInt((int) crc.getValue()).put(covered.array());
  }

  /** A data directory whose only segment is the first {@code cut} bytes of {@code full}: a crash at that byte. */
  private Path cutCopy(Path segment, byte[] full, long cut) throws IOException {
    Path copy = dir.resolve("cut-" + cut);
    Files.createDirectories(copy.resolve("wal"));
    Files.write(copy.resolve("wal").resolve(segment.getFileName()), java.util.Arrays.copyOf(full, (int) cut));
    return copy;
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5a));
      b.rewind();
      ch.write(b, offset);
    }
  }
}
