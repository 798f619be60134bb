package multidriver.server.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import multidriver.core.log.Entry;
import multidriver.core.log.EntryType;
import multidriver.core.raft.MembershipCodec;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;

/**
 * On-disk layout of one WAL record (segment format 3):
 * {@code [int payloadLength][int crc32c(type, tag, offset, syncedThrough, payload)][byte type][int tag][long offset]
 * [long syncedThrough][payload]}. {@code tag} is the segment's (see {@link SegmentFormat}); a record with another
 * tag is not this segment's record.
 *
 * <p>{@code offset} is where in its segment the record was meant to be written. A record found anywhere else was put
 * there by the device, not by this program (a misdirected write, or bytes of another file): neither a torn write nor
 * a stale tail can produce a complete, CRC-valid record at the wrong place, so recovery treats it as corruption.
 *
 * <p>{@code syncedThrough} is the offset in the same segment up to which an fsync had completed when the record was
 * written. It is what lets recovery tell a torn tail from corruption: bytes below a later valid record's
 * {@code syncedThrough} were once durable, so damage there cannot be an interrupted write (see {@link Wal}).
 *
 * <p>Format 2 segments (no {@code offset} field) are still read, so a node upgraded in place recovers its log; new
 * records are written only in format 3 (see {@link Wal#open}).
 */
final class WalRecordCodec {
    static final int HEADER_BYTES = 4 + 4 + 1 + 4 + 8 + 8;
    /** Header of a format 2 record: no offset field. */
    static final int HEADER_BYTES_V2 = 4 + 4 + 1 + 8;
    /** Larger lengths can only be garbage: no single entry is allowed to be this big. */
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private WalRecordCodec() {
    }

    static int encodedSize(WalRecord record) {
        return HEADER_BYTES + payloadSize(record);
    }

    private static int payloadSize(WalRecord record) {
        if (record instanceof WalRecord.EntryRecord e) {
            return 8 + 8 + e.entry().size();
        }
        return 8 + 4 + 8; // HardStateRecord: term, votedFor, commitIndex
    }

    /**
     * Appends the encoded record, in the segment's {@code format}, at the buffer's position; the buffer must have
     * room. {@code fileOffset} is where in the segment the buffer's position will be written.
     */
    static void encode(WalRecord record, SegmentFormat format, long fileOffset, long syncedThrough, ByteBuffer out) {
        int payloadLength = payloadSize(record);
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("WAL record payload too large: " + payloadLength + " bytes");
        }
        int start = out.position();
        out.putInt(payloadLength);
        out.putInt(0); // CRC placeholder, filled in below once the payload is written
        out.put(record.type());
        if (!format.v2()) out.putInt(format.tag()).putLong(fileOffset);
        out.putLong(syncedThrough);
        if (record instanceof WalRecord.EntryRecord e) {
            out.putLong(e.entry().index());
            out.putLong(e.entry().term());
            out.put(e.entry().data());
        } else if (record instanceof WalRecord.HardStateRecord h) {
            out.putLong(h.state().term());
            out.putInt(h.state().votedFor() == null ? -1 : h.state().votedFor().value());
            out.putLong(h.state().commitIndex());
        }
        CRC32C crc = new CRC32C();
        ByteBuffer covered = out.duplicate();
        covered.position(start + 8).limit(out.position());
        crc.update(covered);
        out.putInt(start + 4, (int) crc.getValue());
    }

    /** Why a read stopped before a complete, valid record. */
    enum Damage {
        NONE, TRUNCATED, BAD_LENGTH, BAD_CRC, BAD_TYPE,
        /** Another segment's tag (or bytes that only look like a header): not this segment's record. */
        FOREIGN_TAG,
        /** A complete, CRC-valid record that was meant for another offset: never a torn write. */
        MISPLACED
    }

    /**
     * The outcome of decoding one record at an offset: a record with its size and {@code syncedThrough}, or the
     * kind of damage found there ({@code record == null}).
     */
    record Decoded(WalRecord record, int bytes, long syncedThrough, Damage damage) {
        boolean ok() {
            return damage == Damage.NONE;
        }
    }

    /**
     * Decodes the record at {@code offset} of {@code data} (valid bytes: {@code [0, limit)}). Never throws for
     * damaged bytes: the caller decides whether damage is a torn tail or corruption.
     */
    static Decoded decode(byte[] data, int offset, int limit, SegmentFormat format) {
        int headerBytes = format.recordHeaderBytes();
        if (limit - offset < headerBytes) return damaged(Damage.TRUNCATED);
        ByteBuffer h = ByteBuffer.wrap(data, offset, limit - offset);
        int payloadLength = h.getInt();
        int storedCrc = h.getInt();
        byte type = h.get();
        int tag = format.v2() ? format.tag() : h.getInt();
        long meantFor = format.v2() ? offset : h.getLong();
        long syncedThrough = h.getLong();
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES) return damaged(Damage.BAD_LENGTH);
        if (limit - offset - headerBytes < payloadLength) return damaged(Damage.TRUNCATED);
        CRC32C crc = new CRC32C();
        crc.update(data, offset + 8, headerBytes - 8 + payloadLength);
        if ((int) crc.getValue() != storedCrc) return damaged(Damage.BAD_CRC);
        if (tag != format.tag()) return damaged(Damage.FOREIGN_TAG);
        WalRecord record = decodePayload(type, ByteBuffer.wrap(data, offset + headerBytes, payloadLength));
        if (record == null || syncedThrough < 0 || syncedThrough > meantFor) return damaged(Damage.BAD_TYPE);
        if (meantFor != offset) return damaged(Damage.MISPLACED);
        return new Decoded(record, headerBytes + payloadLength, syncedThrough, Damage.NONE);
    }

    /**
     * Whether a complete, CRC-valid format 3 record starts at {@code offset}, whatever its tag and the offset it was
     * meant for: only for places where this program never writes a record and no client byte can lie (see
     * {@link Wal}).
     */
    static boolean completeRecordOfAnyTagAt(byte[] data, int offset) {
        if (data.length - offset < HEADER_BYTES) return false;
        int tag = ByteBuffer.wrap(data, offset + 9, 4).getInt();
        Damage damage = decode(data, offset, data.length, new SegmentFormat(false, tag)).damage();
        return damage == Damage.NONE || damage == Damage.MISPLACED;
    }

    /** The payload length field of the header at {@code offset} (no checks). */
    static int payloadLengthAt(byte[] data, int offset) {
        return ByteBuffer.wrap(data, offset, 4).getInt();
    }

    /**
     * Cheap checks, without the CRC, that a record header at {@code offset} could be evidence that bytes at
     * {@code damagedAt} were once durable: (format 3) this segment's tag, a known type and a length within the data,
     * and either a watermark past {@code damagedAt} and not past the record itself (it vouches for them), or (format
     * 3) a claim to have been written at another offset (a misplaced record). Only a CRC check can then confirm it.
     */
    static boolean plausibleEvidence(byte[] data, int offset, int damagedAt, SegmentFormat format) {
        int headerBytes = format.recordHeaderBytes();
        if (data.length - offset < headerBytes) return false;
        ByteBuffer h = ByteBuffer.wrap(data, offset, headerBytes);
        int payloadLength = h.getInt();
        h.getInt();
        byte type = h.get();
        if (!format.v2() && h.getInt() != format.tag()) return false; // first: forged headers rarely get past it
        long meantFor = format.v2() ? offset : h.getLong();
        long syncedThrough = h.getLong();
        if (type != 1 && type != 2 && type != 3) return false;
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES || payloadLength > data.length - offset - headerBytes) {
            return false;
        }
        if (syncedThrough < 0 || syncedThrough > meantFor) return false;
        return meantFor != offset || syncedThrough > damagedAt;
    }

    private static Decoded damaged(Damage damage) {
        return new Decoded(null, 0, -1, damage);
    }

    private static WalRecord decodePayload(byte type, ByteBuffer p) {
        try {
            return switch (type) {
                case 1, 3 -> {
                    long index = p.getLong();
                    long term = p.getLong();
                    byte[] data = new byte[p.remaining()];
                    p.get(data);
                    EntryType entryType = type == 3 ? EntryType.CONFIG : EntryType.COMMAND;
                    if (entryType == EntryType.CONFIG) MembershipCodec.decode(data); // refused like any damage
                    yield new WalRecord.EntryRecord(new Entry(index, term, entryType, data));
                }
                case 2 -> {
                    long term = p.getLong();
                    int votedFor = p.getInt();
                    long commitIndex = p.getLong();
                    if (p.hasRemaining()) yield null;
                    NodeId vote = votedFor < 0 ? null : NodeId.of(votedFor);
                    yield new WalRecord.HardStateRecord(new HardState(term, vote, commitIndex));
                }
                default -> null;
            };
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            // A CRC-valid record with an impossible body: treat it like any other damage.
            return null;
        }
    }
}
