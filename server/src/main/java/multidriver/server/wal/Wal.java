package multidriver.server.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.RecoveredState;
import multidriver.core.raft.Snapshot;
import multidriver.server.io.FileSystem;

/**
 * Append-only write-ahead log in numbered segment files {@code wal-NNNNNNNNNNNNNNNN.log} under one directory of a
 * {@link FileSystem}: the real disk in production, the simulator's faulty disk in the simulator.
 *
 * <p>Durability contract: {@link #append(HardState, List, boolean)} with {@code sync=true} returns only after the
 * file system's fsync, so the records survive {@code kill -9} and power loss; the server core acknowledges nothing
 * (no vote, no AppendEntries success, no client reply) before that (Raft §5.1 "stable storage").
 *
 * <p>Any prefix of a write recovers: within one append the hard state's term and vote come first (so no entry can
 * survive without the term it was written in), then the entries, and the commit index is written only where it
 * points at entries already durable before this write; a commit index that covers this write's entries goes into a
 * second hard-state record after them.
 *
 * <p>Recovery tells a torn tail from corruption. Each record carries the offset it was written for and the offset up
 * to which the segment had been fsynced when it was written. Damage in the last segment is a torn tail only if no
 * later valid record shows that the damaged bytes had been fsynced, and no complete record lies out of place (a
 * misdirected write that overwrote older records); then it is truncated away (it was never acknowledged). Any other
 * damage, or damage in an earlier segment (a segment is fsynced before its successor exists), raises
 * {@link WalCorruptionException} naming file, offset and remedy. Limitations, each beyond what a log without a second
 * copy can tell from a torn write, so truncated: damage inside the last fsynced batch with nothing written after it;
 * a last batch that the device wrote past the end of the file, or not at all (an fsync that lies); and a misdirected
 * write whose misplaced copy a torn writeback of the next, unsynced write then partly overwrites, so that neither
 * copy is complete (found by review; the simulator does not tear pages a misdirected write spoiled, see
 * {@code SimFile.crash}).
 *
 * <p>With snapshots (§7) the log starts after the newest snapshot: {@link #compact} deletes the segments it covers
 * (after writing the current hard state into a fresh segment, so the newest hard state survives), and
 * {@link #resetAfterSnapshot} starts the log over after a snapshot received from the leader. Recovery keeps the
 * entries after the snapshot only if they continue it: an entry at the snapshot's index with another term means they
 * followed a different history, and they are dropped, as the follower that installed it did (§7).
 */
public final class Wal implements AutoCloseable {
    /**
     * Format 3. Its last three bytes differ from format 2's in 11 bits: a flipped bit must never turn a segment into
     * one of another format, whose records would then be read at the wrong offsets and truncated as a torn tail
     * (found by the simulator when the last byte was 3: one bit flip made it 2, and a compacted log lost its hard
     * state).
     */
    static final byte[] SEGMENT_MAGIC = {'M', 'D', 'W', 'A', 'L', 0x33, (byte) 0xA5, 0x5A};
    /** Format 2: records without their own offset. Still read; opening a log whose last segment is one rolls over. */
    static final byte[] V2_SEGMENT_MAGIC = {'M', 'D', 'W', 'A', 'L', 0, 0, 2};
    private static final byte[] OLD_SEGMENT_MAGIC = {'M', 'D', 'W', 'A', 'L', 0, 0, 1};
    public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;
    /** Bound on one segment read at recovery: the roll limit plus one maximal batch, far below this. */
    private static final int MAX_SEGMENT_READ_BYTES = 1 << 30;

    private final FileSystem fs;
    private final String dir;
    private final long segmentBytesLimit;
    private final RecoveredState recovered;
    private final List<String> recoveryNotes;
    private String current;
    private long currentSequence;
    private long currentSizeBytes;
    private long syncedThroughBytes;
    private long lastIndex;
    /** Highest entry index ever written into each segment (by path): what {@link #compact} may delete. */
    private final java.util.TreeMap<String, Long> segmentMaxIndex;
    private ByteBuffer writeBuffer = ByteBuffer.allocate(64 * 1024);
    private boolean failed;
    /** Where new segments' salts come from (see {@link SegmentFormat}). */
    private final LongSupplier salts;
    /** The layout of {@link #current}'s records. */
    private SegmentFormat currentFormat;

    private Wal(FileSystem fs, String dir, long segmentBytesLimit, RecoveredState recovered, List<String> notes,
                String current, SegmentFormat currentFormat, long sequence,
                java.util.TreeMap<String, Long> segmentMaxIndex, LongSupplier salts) throws IOException {
        this.salts = salts;
        this.currentFormat = currentFormat;
        this.segmentMaxIndex = segmentMaxIndex;
        this.fs = fs;
        this.dir = dir;
        this.segmentBytesLimit = segmentBytesLimit;
        this.recovered = recovered;
        this.recoveryNotes = List.copyOf(notes);
        this.current = current;
        this.currentSequence = sequence;
        this.currentSizeBytes = fs.size(current);
        this.syncedThroughBytes = currentSizeBytes; // open() fsynced what it recovered
        List<Entry> log = recovered.log();
        long snapshotIndex = recovered.snapshot() == null ? 0 : recovered.snapshot().index();
        this.lastIndex = log.isEmpty() ? snapshotIndex : log.get(log.size() - 1).index();
    }

    public static Wal open(FileSystem fs, String dir, long segmentBytesLimit, boolean mayBootstrap,
                           boolean acceptCorruptRecords) throws IOException {
        return open(fs, dir, segmentBytesLimit, mayBootstrap, acceptCorruptRecords, null);
    }

    public static Wal open(FileSystem fs, String dir, long segmentBytesLimit, boolean mayBootstrap,
                           boolean acceptCorruptRecords, Snapshot snapshot) throws IOException {
        // Tests and tools: fixed salts. A server passes salts from its own seeded generator, which no client sees.
        return open(fs, dir, segmentBytesLimit, mayBootstrap, acceptCorruptRecords, snapshot,
                new java.util.SplittableRandom(0x5A175A17L)::nextLong);
    }

    /**
     * Opens the WAL in {@code dir}, recovering its state and repairing a torn tail.
     *
     * @param mayBootstrap whether an empty or missing WAL may be created: only for a node started to bootstrap a
     *                     new cluster (or re-added as a new member); otherwise a missing WAL is refused
     * @param acceptCorruptRecords deliberate bug for the simulator: treat every damaged record as a torn tail
     * @param salts        the salt of each new segment (random, and never shown to clients: see {@link SegmentFormat})
     */
    public static Wal open(FileSystem fs, String dir, long segmentBytesLimit, boolean mayBootstrap,
                           boolean acceptCorruptRecords, Snapshot snapshot, LongSupplier salts) throws IOException {
        if (segmentBytesLimit < 1024) {
            throw new IllegalArgumentException("segmentBytesLimit too small: " + segmentBytesLimit);
        }
        List<String> segments = listSegments(fs, dir);
        if (segments.isEmpty()) {
            if (!mayBootstrap) {
                throw new WalMissingException("no write-ahead log in " + dir + ": this member has lost its Raft state"
                        + " (term, vote, log). Starting it as a fresh voter could make it vote twice in a term and elect"
                        + " two leaders, so it refuses. If this is the first start of a new cluster, start it with"
                        + " BOOTSTRAP=true. If the data was lost, remove the member from the cluster and re-add it as a"
                        + " new one, or restore the directory from a backup.");
            }
            fs.createDirectories(dir);
            long salt = salts.getAsLong();
            String first = createSegment(fs, dir, 1, salt);
            java.util.TreeMap<String, Long> max = new java.util.TreeMap<>();
            max.put(first, 0L);
            return new Wal(fs, dir, segmentBytesLimit, RecoveredState.EMPTY, List.of("created a new WAL in " + dir),
                    first, SegmentFormat.v3(salt), 1, max, salts);
        }
        Replay replay = new Replay(snapshot == null ? 0 : snapshot.index());
        List<String> notes = new ArrayList<>();
        SegmentFormat lastFormat = null;
        for (int i = 0; i < segments.size(); i++) {
            replay.segment = dir + "/" + segments.get(i);
            replay.segmentMaxIndex.put(replay.segment, 0L);
            lastFormat = replaySegment(fs, dir + "/" + segments.get(i), i == segments.size() - 1, replay, notes,
                    acceptCorruptRecords, salts);
        }
        List<Entry> after = afterSnapshot(replay.entries, snapshot, notes);
        RecoveredState state = new RecoveredState(replay.hardState, snapshot, after);
        String last = dir + "/" + segments.get(segments.size() - 1);
        // The segments may still hold entries the snapshot covers, or that followed another history: a compaction or
        // a reset after a leader's snapshot that a crash interrupted (or a segment only partly covered). The reset is
        // finished below, before anything is appended: otherwise a later replay would meet the same stale entries
        // again and could drop entries acknowledged after this start (§7).
        boolean finishReset = snapshot != null && !replay.entries.isEmpty()
                && replay.entries.get(0).index() <= snapshot.index();
        if (finishReset) {
            notes.add("rewriting the log after the snapshot at " + snapshot.index() + " (" + after.size()
                    + " entries) into a fresh segment, deleting the " + segments.size() + " older one(s)");
        }
        // After a process crash (kill -9) the tail may still sit unsynced in the page cache: it replayed above as if it
        // were durable, and this node is about to act on it (a vote granted again, an append acknowledged as already
        // held). Make it durable before anything depends on it.
        fs.sync(last);
        // So may the segments' names: a first start that failed between creating its segment and syncing the
        // directory (an fsync error), or a kill -9 right after a roll, leaves a name that a power loss would take
        // with it, and with it every entry this start goes on to acknowledge. Found by the simulator.
        fs.syncDirectory(dir);
        notes.add("recovered " + segments.size() + " segment(s), " + state.log().size() + " entries, hardState="
                + state.hardState());
        Wal wal = new Wal(fs, dir, segmentBytesLimit, state, notes, last, lastFormat,
                sequenceOf(segments.get(segments.size() - 1)), replay.segmentMaxIndex, salts);
        if (finishReset) {
            wal.resetAfterSnapshot(snapshot.index(), replay.hardState, after);
        } else if (lastFormat.v2()) {
            // Records are appended only in format 3, so a log upgraded in place goes on in a fresh segment.
            notes.add("the last segment is in format 2; appending to a new format 3 segment");
            wal.rollSegment();
        }
        return wal;
    }

    /**
     * The replayed entries that follow {@code snapshot}: those after its index, if they continue it (§7: our entry at
     * its index has its term, or we hold none there and nothing after it); otherwise none.
     */
    private static List<Entry> afterSnapshot(List<Entry> entries, Snapshot snapshot, List<String> notes) {
        if (snapshot == null) return entries;
        List<Entry> after = new ArrayList<>();
        boolean continues = true;
        for (Entry e : entries) {
            if (e.index() == snapshot.index() && e.term() != snapshot.term()) continues = false;
            if (e.index() > snapshot.index()) after.add(e);
        }
        if (!after.isEmpty() && after.get(0).index() != snapshot.index() + 1) continues = false;
        if (!continues) {
            notes.add("the " + after.size() + " WAL entries after the snapshot at " + snapshot.index()
                    + " followed another history; dropped, as when the snapshot was installed");
            return List.of();
        }
        return after;
    }

    /**
     * The snapshot at {@code snapshotIndex} is durable: write the current hard state into a fresh segment (so that
     * the newest one survives), then delete the oldest segments while every entry they hold is covered.
     */
    public void compact(long snapshotIndex, HardState current) throws IOException {
        checkUsable();
        try {
            rollSegment();
            appendRecords(List.of(new WalRecord.HardStateRecord(current)), true);
            boolean deleted = false;
            for (java.util.Map.Entry<String, Long> e : new ArrayList<>(segmentMaxIndex.entrySet())) {
                if (e.getKey().equals(this.current) || e.getValue() > snapshotIndex) break;
                fs.delete(e.getKey());
                segmentMaxIndex.remove(e.getKey());
                deleted = true;
            }
            if (deleted) fs.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * A snapshot at {@code snapshotIndex} from the leader is durable and replaced our log: start the log over in a
     * fresh segment with the current hard state and the entries the core kept after the snapshot, then delete every
     * older segment (their entries are covered by the snapshot or followed another history).
     */
    public void resetAfterSnapshot(long snapshotIndex, HardState current, List<Entry> kept) throws IOException {
        checkUsable();
        try {
            rollSegment();
            appendRecords(startOver(current, snapshotIndex, kept), true);
            long max = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).index();
            segmentMaxIndex.put(this.current, max);
            for (String old : new ArrayList<>(segmentMaxIndex.keySet())) {
                if (old.equals(this.current)) continue;
                fs.delete(old);
                segmentMaxIndex.remove(old);
            }
            fs.syncDirectory(dir);
            lastIndex = kept.isEmpty() ? snapshotIndex : max;
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** The state found at {@link #open}; later appends do not change it. */
    public RecoveredState recovered() {
        return recovered;
    }

    /** What recovery did (segments read, torn tails truncated), for the node's log. */
    public List<String> recoveryNotes() {
        return recoveryNotes;
    }

    /**
     * Writes the hard state (if non-null) and the entries with one write; with {@code sync} the call returns only
     * after the data is on stable storage. Entries come in index order; a first index not past the stored log
     * replaces the stored suffix from there (logical truncation, see {@link WalRecord.EntryRecord}). After any
     * failure the WAL refuses further use: what reached the disk is unknown, only a restart's recovery can tell.
     */
    public void append(HardState hardState, List<Entry> entries, boolean sync) throws IOException {
        checkUsable();
        List<WalRecord> records = new ArrayList<>(entries.size() + 2);
        long firstNew = entries.isEmpty() ? lastIndex + 1 : entries.get(0).index();
        long durableBefore = Math.min(lastIndex, firstNew - 1);
        HardState afterEntries = null;
        if (hardState != null) {
            if (hardState.commitIndex() > durableBefore && !entries.isEmpty()) {
                // Term and vote first; the commit index only where it covers entries durable before this write.
                // (Entries up to durableBefore are committed: the commit index only grows, and committed entries are
                // never truncated, §5.4.)
                records.add(new WalRecord.HardStateRecord(new HardState(hardState.term(), hardState.votedFor(),
                        durableBefore)));
                afterEntries = hardState;
            } else {
                records.add(new WalRecord.HardStateRecord(hardState));
            }
        }
        for (Entry e : entries) {
            records.add(new WalRecord.EntryRecord(e));
        }
        if (afterEntries != null) {
            records.add(new WalRecord.HardStateRecord(afterEntries));
        }
        try {
            appendRecords(records, sync);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        if (!entries.isEmpty()) {
            lastIndex = entries.get(entries.size() - 1).index();
            segmentMaxIndex.merge(current, lastIndex, Math::max);
        }
    }

    /** fsync of everything appended so far. */
    public void sync() throws IOException {
        checkUsable();
        try {
            fs.sync(current);
        } catch (IOException e) {
            failed = true;
            throw e;
        }
        syncedThroughBytes = currentSizeBytes;
    }

    private void appendRecords(List<WalRecord> records, boolean sync) throws IOException {
        if (records.isEmpty()) {
            if (sync) {
                sync();
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
            WalRecordCodec.encode(r, currentFormat, currentSizeBytes + writeBuffer.position(), syncedThroughBytes,
                    writeBuffer);
        }
        fs.write(current, currentSizeBytes, writeBuffer.array(), 0, total);
        currentSizeBytes += total;
        if (sync) {
            fs.sync(current);
            syncedThroughBytes = currentSizeBytes;
        }
    }

    @Override
    public void close() throws IOException {
        if (!failed) {
            fs.sync(current);
        }
    }

    private void checkUsable() throws IOException {
        if (failed) {
            throw new IOException("WAL " + dir + " failed earlier; restart the node to recover from what is durable");
        }
    }

    private void rollSegment() throws IOException {
        // The finished segment is made durable before its successor exists, which is what lets recovery call damage
        // in any non-last segment corruption rather than a torn tail.
        fs.sync(current);
        currentSequence++;
        long salt = salts.getAsLong();
        current = createSegment(fs, dir, currentSequence, salt);
        currentFormat = SegmentFormat.v3(salt);
        segmentMaxIndex.put(current, 0L);
        currentSizeBytes = fs.size(current);
        syncedThroughBytes = currentSizeBytes;
    }

    /**
     * The records of a log that starts over after a snapshot at {@code snapshotIndex}: term and vote first with a
     * commit index the snapshot covers, then the entries, then the full hard state, so that every prefix of the write
     * recovers to a state Raft accepts (as {@link #append} does).
     */
    private static List<WalRecord> startOver(HardState hs, long snapshotIndex, List<Entry> entries) {
        List<WalRecord> records = new ArrayList<>();
        records.add(new WalRecord.HardStateRecord(new HardState(hs.term(), hs.votedFor(),
                Math.min(hs.commitIndex(), snapshotIndex))));
        for (Entry e : entries) records.add(new WalRecord.EntryRecord(e));
        if (hs.commitIndex() > snapshotIndex) records.add(new WalRecord.HardStateRecord(hs));
        return records;
    }

    private static String createSegment(FileSystem fs, String dir, long sequence, long salt) throws IOException {
        String path = dir + "/" + segmentName(sequence);
        fs.create(path);
        byte[] header = segmentHeader(salt);
        fs.write(path, 0, header, 0, header.length);
        fs.sync(path);
        // A new file's directory entry is durable only once the directory itself is synced (Linux semantics).
        fs.syncDirectory(dir);
        return path;
    }

    public static String segmentName(long sequence) {
        return String.format("wal-%016d.log", sequence);
    }

    private static long sequenceOf(String name) {
        return Long.parseLong(name.substring(4, name.length() - 4));
    }

    /** Segment file names in {@code dir}, in order. */
    public static List<String> listSegments(FileSystem fs, String dir) throws IOException {
        return fs.list(dir).stream().filter(n -> n.matches("wal-\\d{16}\\.log")).sorted().toList();
    }

    /** Mutable accumulator used only during recovery. */
    private static final class Replay {
        HardState hardState = HardState.INITIAL;
        final List<Entry> entries = new ArrayList<>();
        /** The snapshot's index: the oldest remaining segment may start anywhere up to just after it. */
        final long base;
        final java.util.TreeMap<String, Long> segmentMaxIndex = new java.util.TreeMap<>();
        String segment;

        Replay(long base) {
            this.base = base;
        }

        void apply(WalRecord record, String segment, long offset) throws WalCorruptionException {
            if (record instanceof WalRecord.HardStateRecord h) {
                hardState = h.state();
                return;
            }
            Entry e = ((WalRecord.EntryRecord) record).entry();
            segmentMaxIndex.merge(this.segment, e.index(), Math::max);
            // Entries at or below the snapshot may have gaps (a segment deleted by a compaction a crash interrupted):
            // the snapshot covers them. Past it the log must be contiguous.
            long last = entries.isEmpty() ? base : Math.max(base, entries.get(entries.size() - 1).index());
            if (e.index() > last + 1 || e.index() < 1) {
                throw new WalCorruptionException("gap in WAL " + segment + " at offset " + offset + ": entry index "
                        + e.index() + " follows last index " + last + remedy());
            }
            // Logical truncation of a conflicting suffix (Raft §5.3): drop everything at or after e.index().
            while (!entries.isEmpty() && entries.get(entries.size() - 1).index() >= e.index()) {
                entries.remove(entries.size() - 1);
            }
            entries.add(e);
        }
    }

    /** The header of a format 3 segment: the magic, then the salt. */
    private static byte[] segmentHeader(long salt) {
        return ByteBuffer.allocate(16).put(SEGMENT_MAGIC).putLong(salt).array();
    }

    /** Replays one segment; returns its format (a torn header is rewritten, with a fresh salt). */
    private static SegmentFormat replaySegment(FileSystem fs, String segment, boolean isLast, Replay replay,
                                               List<String> notes, boolean acceptCorruptRecords, LongSupplier salts)
            throws IOException {
        byte[] data;
        try {
            data = fs.readAll(segment, MAX_SEGMENT_READ_BYTES);
        } catch (IOException e) {
            // Every byte of a segment was written and fsynced before it was read back here (or is a torn tail that a
            // read would show as short, not as an error): an unreadable segment is a damaged, once-durable record.
            throw new WalCorruptionException("WAL segment " + segment + " cannot be read (" + e.getMessage() + ")"
                    + remedy());
        }
        if (misplacedRecordInHeader(data)) {
            // Before the format is read: the misplaced bytes may have turned the magic into another format's.
            throw new WalCorruptionException("WAL segment " + segment + " holds a complete record inside its header (a"
                    + " misdirected write over the header): this is corruption, not a torn write" + remedy());
        }
        int magic = SEGMENT_MAGIC.length;
        boolean v2 = data.length >= magic && Arrays.equals(data, 0, magic, V2_SEGMENT_MAGIC, 0, magic);
        if (!v2 && (data.length < 16 || !Arrays.equals(data, 0, magic, SEGMENT_MAGIC, 0, magic))) {
            if (data.length >= magic && Arrays.equals(data, 0, magic, OLD_SEGMENT_MAGIC, 0, magic)) {
                throw new WalCorruptionException("WAL segment " + segment + " is in format 1; this node reads formats 2"
                        + " and 3. Start a release that reads format 1 to drain it, or remove the member's data and"
                        + " re-add it.");
            }
            if (!isLast || !isPrefixOfMagic(data)) {
                throw new WalCorruptionException("bad segment header in " + segment + " (" + data.length + " bytes)"
                        + remedy());
            }
            notes.add("segment " + segment + " has a torn header (" + data.length + " bytes); rewriting it empty");
            long salt = salts.getAsLong();
            byte[] header = segmentHeader(salt);
            fs.truncate(segment, 0);
            fs.write(segment, 0, header, 0, header.length);
            fs.sync(segment);
            return SegmentFormat.v3(salt);
        }
        SegmentFormat format = v2 ? SegmentFormat.V2 : SegmentFormat.v3(ByteBuffer.wrap(data, magic, 8).getLong());
        int offset = format.segmentHeaderBytes();
        WalRecordCodec.Decoded damage = null;
        while (offset < data.length) {
            WalRecordCodec.Decoded r = WalRecordCodec.decode(data, offset, data.length, format);
            if (!r.ok()) {
                damage = r;
                break;
            }
            replay.apply(r.record(), segment, offset);
            offset += r.bytes();
        }
        if (damage == null) {
            return format;
        }
        if (!acceptCorruptRecords) {
            if (!isLast) {
                throw new WalCorruptionException("WAL segment " + segment + " is damaged (" + damage.damage()
                        + ") at offset " + offset + " of " + data.length + "; it is not the last segment, so this is not"
                        + " a torn write" + remedy());
            }
            if (damage.damage() == WalRecordCodec.Damage.FOREIGN_TAG) {
                // At a record boundary, where this program wrote a record of this segment's tag: a complete record of
                // another tag means the header's salt was damaged, or another file's bytes landed here.
                throw new WalCorruptionException("WAL segment " + segment + " holds at offset " + offset + " a complete"
                        + " record whose tag does not match the segment header's salt (the header or the record was"
                        + " damaged): this is corruption, not a torn write" + remedy());
            }
            if (damage.damage() == WalRecordCodec.Damage.MISPLACED) {
                throw new WalCorruptionException("WAL segment " + segment + " holds at offset " + offset + " a complete"
                        + " record that was written for another offset (a misdirected write, or another file's bytes):"
                        + " this is corruption, not a torn write" + remedy());
            }
            int evidence = laterEvidenceOfDurability(data, offset, format);
            if (evidence >= 0) {
                throw new WalCorruptionException("WAL segment " + segment + " is damaged (" + damage.damage()
                        + ") at offset " + offset + ", but the valid record at offset " + evidence + " shows that these"
                        + " bytes had been fsynced, or was written for another offset (a misdirected write): this is"
                        + " corruption, not a torn write" + remedy());
            }
        }
        notes.add("torn tail in " + segment + ": " + damage.damage() + " at offset " + offset + ", truncating "
                + (data.length - offset) + " trailing bytes");
        fs.truncate(segment, offset);
        fs.sync(segment);
        return format;
    }

    /**
     * The offset of a CRC-valid record that shows the damage at {@code damagedAt} is not a torn write, or -1: one
     * after it whose {@code syncedThrough} lies past the damage (the damaged bytes had been fsynced), or one anywhere
     * in the segment written for another offset than where it lies (the device put it there; a torn write never
     * leaves a complete record out of place). Anywhere, not only after the damage: a misplaced copy may start inside
     * the last intact record when the bytes it overwrote there were equal to its own (a hard state's zero commit index
     * under a record's zero length bytes, found by the on-disk test), and the damage then shows only at the next
     * boundary. Scans every offset (records are not aligned); runs only when damage was found, and cheap checks come
     * first (the intact records before the damage fail them: their own offset, a watermark below it).
     */
    private static int laterEvidenceOfDurability(byte[] data, int damagedAt, SegmentFormat format) {
        long crcBudgetBytes = Math.max(1L << 28, 4L * data.length);
        int headerBytes = format.recordHeaderBytes();
        for (int q = format.segmentHeaderBytes(); q + headerBytes <= data.length; q++) {
            if (q == damagedAt) continue; // decoded already: damaged, not misplaced
            if (!WalRecordCodec.plausibleEvidence(data, q, damagedAt, format)) continue; // cheap header checks first
            crcBudgetBytes -= headerBytes + WalRecordCodec.payloadLengthAt(data, q);
            if (crcBudgetBytes < 0) {
                // Crafted bytes could make every offset look like a header; past this much hashing, stop and treat the
                // damage as corruption: refusing to start is the safe answer when the bytes cannot be told apart.
                return q;
            }
            WalRecordCodec.Decoded r = WalRecordCodec.decode(data, q, data.length, format);
            if (r.damage() == WalRecordCodec.Damage.MISPLACED || (r.ok() && r.syncedThrough() > damagedAt)) return q;
        }
        return -1;
    }

    /**
     * Whether a complete, CRC-valid format 3 record (of any tag) starts inside a segment header, after {@code MDWAL}.
     * No record is ever written there and no client byte can be there, so any tag counts. A record put out of place
     * by the device starts either at or after the first damaged record boundary, where the replay or
     * {@link #laterEvidenceOfDurability} finds it, or before the first record, over the header. There the scan cannot
     * see it: landing over the salt (bytes 8-15) damages the salt, so the record's tag matches nothing (found by the
     * simulator: the only hard-state record of a compacted segment was truncated as a torn tail, and the node came
     * back with term 0); landing at byte 5, a record 512-767 bytes long turns the magic's last bytes into
     * {@code 00 00 02}, format 2's, and the segment would be read in the wrong format (found by review). Landing
     * before byte 5 breaks the magic, which is refused anyway.
     */
    private static boolean misplacedRecordInHeader(byte[] data) {
        for (int q = 5; q < SegmentFormat.v3(0).segmentHeaderBytes(); q++) {
            if (WalRecordCodec.completeRecordOfAnyTagAt(data, q)) return true;
        }
        return false;
    }

    /** A segment shorter than its header (magic and salt) that starts like the magic: a torn creation. */
    private static boolean isPrefixOfMagic(byte[] data) {
        int n = Math.min(data.length, SEGMENT_MAGIC.length);
        return data.length < 16 && Arrays.equals(data, 0, n, SEGMENT_MAGIC, 0, n);
    }

    private static String remedy() {
        return ". The node refuses to start rather than drop acknowledged entries or a recorded vote. To recover: remove"
                + " this member's data directory and re-add it to the cluster as a new member (its peers still hold"
                + " the log), or restore the directory from a backup.";
    }
}
