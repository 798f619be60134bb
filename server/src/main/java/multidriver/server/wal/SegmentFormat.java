package multidriver.server.wal;

/**
 * How the records of one WAL segment are laid out. Format 3 (every segment this release creates): the segment header
 * is the magic and a random 64-bit salt, and every record carries the segment's 32-bit tag (from the salt) beside
 * its own offset, under its CRC. Format 2 (read only): the magic alone, records without tag and offset.
 *
 * <p>Why the tag: recovery treats a complete, CRC-valid record found at another offset than its own as proof of a
 * misdirected write, and looks for such records inside a damaged tail. A client's value is stored inside entry
 * records, and CRC32C has no secret, so a value could carry a forged record that makes an ordinary torn write look
 * like corruption and keeps the node from starting. A forged record must carry this segment's tag, which no client
 * ever sees; a record of another tag is ignored, and the tag is checked before any CRC work.
 */
record SegmentFormat(boolean v2, int tag) {
    static final SegmentFormat V2 = new SegmentFormat(true, 0);

    static SegmentFormat v3(long salt) {
        return new SegmentFormat(false, (int) (salt ^ (salt >>> 32)));
    }

    /** Bytes before the first record: the magic, and in format 3 the salt. */
    int segmentHeaderBytes() {
        return v2 ? 8 : 16;
    }

    int recordHeaderBytes() {
        return v2 ? WalRecordCodec.HEADER_BYTES_V2 : WalRecordCodec.HEADER_BYTES;
    }
}
