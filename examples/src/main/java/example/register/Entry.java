package example.register;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One change to the register, numbered by the primary: a write, a compare-and-set, or the opening of a client
 * session (whose id is the entry's version). Every replica applies the same entries in version order.
 */
record Entry(long version, Kind kind, String key, long value, Long from, long session, long seq) {
    enum Kind { WRITE, CAS, OPEN_SESSION }

    /** Longest key accepted from the wire or the disk. */
    static final int MAX_KEY_CHARS = 256;

    void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(version);
        out.writeByte(kind.ordinal());
        out.writeUTF(key);
        out.writeLong(value);
        out.writeBoolean(from != null);
        out.writeLong(from == null ? 0 : from);
        out.writeLong(session);
        out.writeLong(seq);
    }

    static Entry readFrom(DataInputStream in) throws IOException {
        long version = in.readLong();
        int kind = in.readUnsignedByte();
        if (kind >= Kind.values().length) throw new IOException("unknown entry kind " + kind);
        String key = in.readUTF();
        if (key.length() > MAX_KEY_CHARS) throw new IOException("key of " + key.length() + " chars");
        long value = in.readLong();
        boolean hasFrom = in.readBoolean();
        long from = in.readLong();
        return new Entry(version, Kind.values()[kind], key, value, hasFrom ? from : null, in.readLong(),
                in.readLong());
    }
}
