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
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;
import multidriver.core.raft.RecoveredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
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

  @Test
  void emptyWalRecoversInitialState() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      assertEquals(RecoveredState.EMPTY, wal.recovered());
    }
  }

  @Test
  void entriesAndLastHardStateSurviveReopen() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      wal.append(new HardState(1, NodeId.of(2), 0), entries(1, 3, 1), true);
      wal.append(new HardState(2, null, 3), entries(4, 5, 2), true);
    }
    try (Wal wal = Wal.open(dir)) {
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
    try (Wal wal = Wal.open(dir)) {
      wal.append(new HardState(1, NodeId.of(0), 0), entries(1, 5, 1), true);
      wal.append(new HardState(2, NodeId.of(1), 0), List.of(entry(3, 2, "new")), true);
    }
    try (Wal wal = Wal.open(dir)) {
      List<Entry> expected = new ArrayList<>(entries(1, 2, 1));
      expected.add(entry(3, 2, "new"));
      assertEquals(expected, wal.recovered().log());
    }
  }

  @Test
  void tornTailIsTruncatedAtEveryCutPointAndTheWalStaysWritable() throws IOException {
    Path base = dir.resolve("base");
    try (Wal wal = Wal.open(base)) {
      wal.append(new HardState(1, NodeId.of(0), 0), entries(1, 2, 1), true);
    }
    Path segment = Wal.listSegments(base).get(0);
    long durableBytes = Files.size(segment);
    try (Wal wal = Wal.open(base)) {
      wal.append(null, List.of(entry(3, 1, "the-unacknowledged-write")), true);
    }
    long fullBytes = Files.size(segment);
    byte[] full = Files.readAllBytes(segment);
    for (long cut = durableBytes; cut < fullBytes; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Files.createDirectories(copy);
      Path copySegment = copy.resolve(segment.getFileName());
      Files.write(copySegment, java.util.Arrays.copyOf(full, (int) cut));
      try (Wal wal = Wal.open(copy)) {
        assertEquals(entries(1, 2, 1), wal.recovered().log(), "cut at byte " + cut);
        assertEquals(durableBytes, Files.size(copySegment), "torn bytes are removed, cut at " + cut);
        wal.append(null, List.of(entry(3, 2, "after-repair")), true);
      }
      try (Wal wal = Wal.open(copy)) {
        assertEquals(entry(3, 2, "after-repair"), wal.recovered().log().get(2), "cut at byte " + cut);
      }
    }
  }

  @Test
  void flippedByteInTheLastRecordIsDetectedByTheCrc() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      wal.append(null, entries(1, 4, 1), true);
    }
    Path segment = Wal.listSegments(dir).get(0);
    long size = Files.size(segment);
    flipByte(segment, size - 3);
    try (Wal wal = Wal.open(dir)) {
      assertEquals(entries(1, 3, 1), wal.recovered().log());
    }
  }

  @Test
  void garbageLengthInTheTailIsTreatedAsTorn() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      wal.append(null, entries(1, 2, 1), true);
    }
    Path segment = Wal.listSegments(dir).get(0);
    long before = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 1}));
    }
    try (Wal wal = Wal.open(dir)) {
      assertEquals(entries(1, 2, 1), wal.recovered().log());
    }
    assertEquals(before, Files.size(segment));
  }

  @Test
  void segmentsRollOverAndReplayInOrder() throws IOException {
    try (Wal wal = Wal.open(dir, 1024)) {
      for (long i = 1; i <= 200; i++) {
        wal.append(new HardState(1, null, i - 1), List.of(entry(i, 1, "v" + "x".repeat(40) + i)), i % 7 == 0);
      }
    }
    assertTrue(Wal.listSegments(dir).size() > 3, "expected several segments");
    try (Wal wal = Wal.open(dir, 1024)) {
      assertEquals(200, wal.recovered().log().size());
      assertEquals(new HardState(1, null, 199), wal.recovered().hardState());
      wal.append(null, List.of(entry(201, 1, "more")), true);
    }
    try (Wal wal = Wal.open(dir, 1024)) {
      assertEquals(201, wal.recovered().log().size());
    }
  }

  @Test
  void damageInAnEarlierSegmentIsCorruptionNotATornTail() throws IOException {
    try (Wal wal = Wal.open(dir, 1024)) {
      for (long i = 1; i <= 100; i++) {
        wal.append(null, List.of(entry(i, 1, "x".repeat(50))), true);
      }
    }
    List<Path> segments = Wal.listSegments(dir);
    assertTrue(segments.size() >= 2);
    flipByte(segments.get(0), Wal.SEGMENT_MAGIC.length + WalRecordCodec.HEADER_BYTES + 3);
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir, 1024));
    assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
  }

  @Test
  void tornSegmentHeaderOfANewSegmentIsRepaired() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      wal.append(null, entries(1, 2, 1), true);
    }
    Files.write(dir.resolve(Wal.segmentName(2)), new byte[] {'M', 'D'});
    try (Wal wal = Wal.open(dir)) {
      assertEquals(entries(1, 2, 1), wal.recovered().log());
      wal.append(null, List.of(entry(3, 1, "c")), true);
    }
    try (Wal wal = Wal.open(dir)) {
      assertEquals(3, wal.recovered().log().size());
    }
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
