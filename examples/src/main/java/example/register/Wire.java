package example.register;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The two messages between primary and backups. */
final class Wire {
    static final int MAX_ENTRIES = 256;

    private Wire() {
    }

    /** Primary to backup: entries from some version on, and the primary's latest version. */
    record Append(long latestVersion, List<Entry> entries) {
    }

    /** Backup to primary: every entry up to {@code appliedVersion} is applied here. */
    record Ack(long appliedVersion) {
    }

    static byte[] encode(Append append) {
        return write(out -> {
            out.writeByte(1);
            out.writeLong(append.latestVersion());
            out.writeShort(append.entries().size());
            for (Entry e : append.entries()) e.writeTo(out);
        });
    }

    static byte[] encode(Ack ack) {
        return write(out -> {
            out.writeByte(2);
            out.writeLong(ack.appliedVersion());
        });
    }

    /** An {@link Append} or an {@link Ack}. */
    static Object decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int type = in.readUnsignedByte();
        if (type == 2) return new Ack(in.readLong());
        if (type != 1) throw new IOException("unknown message type " + type);
        long latest = in.readLong();
        int count = in.readUnsignedShort();
        if (count > MAX_ENTRIES) throw new IOException(count + " entries in one message");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) entries.add(Entry.readFrom(in));
        return new Append(latest, entries);
    }

    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            body.writeTo(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }
}
