package multidriver.node.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.RecoveredState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only write-ahead log in numbered segment files {@code wal-NNNNNNNNNNNNNNNN.log} under one directory.
 *
 * <p>Durability contract: {@link #append(HardState, List, boolean)} with {@code sync=true} returns only after
 * {@link FileChannel#force} so the records survive {@code kill -9} and power loss; the event loop acknowledges
 * nothing (no vote, no AppendEntries success, no client reply) before that (Raft §5.1 "stable storage").
 *
 * <p>Recovery: every segment is replayed in order. Damage in the <em>last</em> segment is a torn tail (a write
 * interrupted by a crash, never acknowledged because its fsync had not returned): it is truncated away. Damage in
 * an earlier segment cannot come from a crash, because a segment is fsynced before the next one is created,
 * so it raises {@link WalCorruptionException}.
 */
public final class Wal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wal.class);
  static final byte[] SEGMENT_MAGIC = {'M', 'D', 'W', 'A', 'L', 0, 0, 1};
  public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final long segmentBytesLimit;
  private final RecoveredState recovered;
  private FileChannel current;
  private long currentSequence;
  private long currentSizeBytes;
  private ByteBuffer writeBuffer = ByteBuffer.allocate(64 * 1024);

  private Wal(Path dir, long segmentBytesLimit, RecoveredState recovered, FileChannel current, long sequence)
      throws IOException {
    this.dir = dir;
    this.segmentBytesLimit = segmentBytesLimit;
    this.recovered = recovered;
    this.current = current;
    this.currentSequence = sequence;
    this.currentSizeBytes = current.size();
  }

  /** Opens (creating if needed) the WAL in {@code dir}, recovering its state and repairing a torn tail. */
  public static Wal open(Path dir) throws IOException {
    return open(dir, DEFAULT_SEGMENT_BYTES);
  }

  public static Wal open(Path dir, long segmentBytesLimit) throws IOException {
    if (segmentBytesLimit < 1024) {
      throw new IllegalArgumentException("segmentBytesLimit too small: " + segmentBytesLimit);
    }
    Files.createDirectories(dir);
    List<Path> segments = listSegments(dir);
    Replay replay = new Replay();
    for (int i = 0; i < segments.size(); i++) {
      replaySegment(segments.get(i), i == segments.size() - 1, replay);
    }
    RecoveredState state = new RecoveredState(replay.hardState, replay.entries);
    if (segments.isEmpty()) {
      FileChannel channel = createSegment(dir, 1);
      return new Wal(dir, segmentBytesLimit, state, channel, 1);
    }
    Path last = segments.get(segments.size() - 1);
    FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.READ);
    channel.position(channel.size());
    LOG.info("WAL recovered from {}: {} segment(s), {} entries, hardState={}",
        dir, segments.size(), state.log().size(), state.hardState());
    return new Wal(dir, segmentBytesLimit, state, channel, sequenceOf(last));
  }

  /** The state found at {@link #open}; later appends do not change it. */
  public RecoveredState recovered() {
    return recovered;
  }

  /**
   * Appends the entries, then the hard state (if non-null), with one write; with {@code sync} the call returns
   * only after the data is on stable storage. Entries come in index order; a first index not past the stored log
   * replaces the stored suffix from there (logical truncation, see {@link WalRecord.EntryRecord}).
   */
  public void append(HardState hardState, List<Entry> entries, boolean sync) throws IOException {
    List<WalRecord> records = new ArrayList<>(entries.size() + 1);
    for (Entry e : entries) {
      records.add(new WalRecord.EntryRecord(e));
    }
    if (hardState != null) {
      records.add(new WalRecord.HardStateRecord(hardState));
    }
    appendRecords(records, sync);
  }

  private void appendRecords(List<WalRecord> records, boolean sync) throws IOException {
    if (records.isEmpty()) {
      if (sync) {
        current.force(false);
      }
      return;
    }
    if (currentSizeBytes >= segmentBytesLimit) {
      rollSegment();
    }
    int total = 0;
    for (WalRecord r : records) {
      total += WalRecordCodec.encodedSize(r);
    }
    if (writeBuffer.capacity() < total) {
      writeBuffer = ByteBuffer.allocate(Math.max(total, writeBuffer.capacity() * 2));
    }
    writeBuffer.clear();
    for (WalRecord r : records) {
      WalRecordCodec.encode(r, writeBuffer);
    }
    writeBuffer.flip();
    while (writeBuffer.hasRemaining()) {
      current.write(writeBuffer);
    }
    currentSizeBytes += total;
    if (sync) {
      // fdatasync: the file length is data-relevant metadata, so appended bytes are covered.
      current.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    current.force(false);
    current.close();
  }

  private void rollSegment() throws IOException {
    // The finished segment is made durable before its successor exists, which is what lets recovery call damage
    // in any non-last segment corruption rather than a torn tail.
    current.force(false);
    current.close();
    currentSequence++;
    current = createSegment(dir, currentSequence);
    currentSizeBytes = current.size();
  }

  private static FileChannel createSegment(Path dir, long sequence) throws IOException {
    Path path = dir.resolve(segmentName(sequence));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    channel.write(ByteBuffer.wrap(SEGMENT_MAGIC));
    channel.force(true);
    fsyncDirectory(dir);
    return channel;
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    // A new file's directory entry is durable only once the directory itself is synced (Linux semantics).
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  static String segmentName(long sequence) {
    return String.format("wal-%016d.log", sequence);
  }

  private static long sequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(4, name.length() - 4));
  }

  static List<Path> listSegments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("wal-\\d{16}\\.log")).sorted().toList();
    }
  }

  /** Mutable accumulator used only during recovery. */
  private static final class Replay {
    HardState hardState = HardState.INITIAL;
    final List<Entry> entries = new ArrayList<>();

    void apply(WalRecord record, Path segment, long offset) {
      if (record instanceof WalRecord.HardStateRecord h) {
        hardState = h.state();
        return;
      }
      Entry e = ((WalRecord.EntryRecord) record).entry();
      long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
      if (e.index() > last + 1) {
        throw new WalCorruptionException("gap in WAL at " + segment + " offset " + offset + ": entry index "
            + e.index() + " follows last index " + last);
      }
      // Logical truncation of a conflicting suffix (Raft §5.3): drop everything at or after e.index().
      while (!entries.isEmpty() && entries.get(entries.size() - 1).index() >= e.index()) {
        entries.remove(entries.size() - 1);
      }
      entries.add(e);
    }
  }

  private static void replaySegment(Path segment, boolean isLast, Replay replay) throws IOException {
    long validBytes;
    WalRecordCodec.Damage damage = WalRecordCodec.Damage.NONE;
    try (InputStream raw = Files.newInputStream(segment);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] magic = in.readNBytes(SEGMENT_MAGIC.length);
      if (!java.util.Arrays.equals(magic, SEGMENT_MAGIC)) {
        if (!isLast) {
          throw new WalCorruptionException("bad segment header in " + segment);
        }
        LOG.warn("WAL segment {} has a torn header ({} bytes); rewriting it empty", segment, magic.length);
        rewriteEmpty(segment);
        return;
      }
      validBytes = SEGMENT_MAGIC.length;
      while (true) {
        WalRecordCodec.ReadResult r = WalRecordCodec.read(in);
        if (r.damage() != WalRecordCodec.Damage.NONE) {
          damage = r.damage();
          break;
        }
        if (r.record().isEmpty()) {
          break;
        }
        replay.apply(r.record().get(), segment, validBytes);
        validBytes += r.bytesConsumed();
      }
    }
    if (damage == WalRecordCodec.Damage.NONE) {
      return;
    }
    long size = Files.size(segment);
    if (!isLast) {
      throw new WalCorruptionException("WAL segment " + segment + " is damaged (" + damage + ") at offset "
          + validBytes + " of " + size + "; it is not the last segment, so this is not a torn write");
    }
    LOG.warn("WAL torn tail in {}: {} at offset {}, truncating {} trailing bytes", segment, damage, validBytes,
        size - validBytes);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(validBytes);
      ch.force(true);
    }
  }

  private static void rewriteEmpty(Path segment) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(SEGMENT_MAGIC));
      ch.force(true);
    }
  }
}
