package multidriver.node.storage;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32C;
import multidriver.core.log.Entry;
import multidriver.core.raft.HardState;
import multidriver.core.raft.NodeId;

/**
 * On-disk layout of one WAL record: {@code [int payloadLength][int crc32c(type, payload)][byte type][payload]}.
 * The CRC covers the type byte and the payload, so a torn or bit-flipped record is detected on recovery.
 */
final class WalRecordCodec {
  static final int HEADER_BYTES = 4 + 4 + 1;
  /** Larger lengths can only be garbage: no single entry is allowed to be this big. */
  static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  private WalRecordCodec() {}

  static int encodedSize(WalRecord record) {
    return HEADER_BYTES + payloadSize(record);
  }

  private static int payloadSize(WalRecord record) {
    if (record instanceof WalRecord.EntryRecord e) {
      return 8 + 8 + e.entry().size();
    }
    return 8 + 4 + 8; // HardStateRecord: term, votedFor, commitIndex
  }

  /** Appends the encoded record at the buffer's position; the buffer must have room. */
  static void encode(WalRecord record, ByteBuffer out) {
    int payloadLength = payloadSize(record);
    if (payloadLength > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("WAL record payload too large: " + payloadLength + " bytes");
    }
    int start = out.position();
    out.putInt(payloadLength);
    out.putInt(0); // CRC placeholder, filled in below once the payload is written
    out.put(record.type());
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
  enum Damage { NONE, TRUNCATED, BAD_LENGTH, BAD_CRC, BAD_TYPE }

  /** The outcome of reading one record: either a record or the kind of damage found at that offset. */
  record ReadResult(Optional<WalRecord> record, int bytesConsumed, Damage damage) {}

  /**
   * Reads the next record. Returns {@code Damage.NONE} with an empty record at a clean end of file. Never
   * throws for damaged bytes: the caller decides whether damage is a torn tail or corruption.
   */
  static ReadResult read(DataInputStream in) throws IOException {
    byte[] header = new byte[HEADER_BYTES];
    int got = in.readNBytes(header, 0, HEADER_BYTES);
    if (got == 0) {
      return new ReadResult(Optional.empty(), 0, Damage.NONE);
    }
    if (got < HEADER_BYTES) {
      return new ReadResult(Optional.empty(), 0, Damage.TRUNCATED);
    }
    ByteBuffer h = ByteBuffer.wrap(header);
    int payloadLength = h.getInt();
    int storedCrc = h.getInt();
    byte type = h.get();
    if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES) {
      return new ReadResult(Optional.empty(), 0, Damage.BAD_LENGTH);
    }
    byte[] payload = new byte[payloadLength];
    if (in.readNBytes(payload, 0, payloadLength) < payloadLength) {
      return new ReadResult(Optional.empty(), 0, Damage.TRUNCATED);
    }
    CRC32C crc = new CRC32C();
    crc.update(type);
    crc.update(payload);
    if ((int) crc.getValue() != storedCrc) {
      return new ReadResult(Optional.empty(), 0, Damage.BAD_CRC);
    }
    Optional<WalRecord> record = decodePayload(type, ByteBuffer.wrap(payload));
    if (record.isEmpty()) {
      return new ReadResult(Optional.empty(), 0, Damage.BAD_TYPE);
    }
    return new ReadResult(record, HEADER_BYTES + payloadLength, Damage.NONE);
  }

  private static Optional<WalRecord> decodePayload(byte type, ByteBuffer p) {
    try {
      return switch (type) {
        case 1 -> {
          long index = p.getLong();
          long term = p.getLong();
          byte[] data = new byte[p.remaining()];
          p.get(data);
          yield Optional.of(new WalRecord.EntryRecord(new Entry(index, term, data)));
        }
        case 2 -> {
          long term = p.getLong();
          int votedFor = p.getInt();
          long commitIndex = p.getLong();
          NodeId vote = votedFor < 0 ? null : NodeId.of(votedFor);
          yield Optional.of(new WalRecord.HardStateRecord(new HardState(term, vote, commitIndex)));
        }
        default -> Optional.empty();
      };
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      // A CRC-valid record with an impossible body: treat it like any other damage.
      return Optional.empty();
    }
  }
}
