package example.register;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import multidriver.server.io.FileSystem;
import multidriver.sim.api.RefusedToStart;

/**
 * The primary's log on disk: records of {@code [length][crc32][entry]}, each synced before the primary lets anyone
 * see its entry. A crash can tear only the last record (it was never synced, so never acknowledged): recovery cuts
 * it off.
 */
final class EntryLog {
    static final String FILE = "register.log";
    private static final int MAX_RECORD_BYTES = 4096;
    private static final int MAX_LOG_BYTES = 64 << 20;

    private final FileSystem disk;
    private long sizeBytes;

    private EntryLog(FileSystem disk, long sizeBytes) {
        this.disk = disk;
        this.sizeBytes = sizeBytes;
    }

    /** Opens the log, creating it on the machine's first start; fills {@code recovered} with its entries. */
    static EntryLog open(FileSystem disk, boolean firstStart, List<Entry> recovered) throws IOException {
        if (!disk.exists(FILE)) {
            if (!firstStart) throw new RefusedToStart("the primary's log " + FILE + " is gone");
            disk.create(FILE);
            disk.sync(FILE);
            disk.syncDirectory("");
            return new EntryLog(disk, 0);
        }
        byte[] bytes = disk.readAll(FILE, MAX_LOG_BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<Entry> entries = new ArrayList<>();
        int validBytes = 0;
        while (buffer.remaining() >= 8) {
            int length = buffer.getInt();
            int crc = buffer.getInt();
            if (length <= 0 || length > MAX_RECORD_BYTES || length > buffer.remaining()) break;
            byte[] payload = new byte[length];
            buffer.get(payload);
            CRC32 check = new CRC32();
            check.update(payload);
            if ((int) check.getValue() != crc) break;
            Entry entry = Entry.readFrom(new DataInputStream(new ByteArrayInputStream(payload)));
            if (entry.version() != entries.size() + 1) break;
            entries.add(entry);
            validBytes = buffer.position();
        }
        if (validBytes < bytes.length) {
            disk.truncate(FILE, validBytes); // the torn tail of a write that was never synced
            disk.sync(FILE);
        }
        recovered.addAll(entries);
        return new EntryLog(disk, validBytes);
    }

    /** Appends {@code entry} and syncs it: when this returns, the entry survives a power failure. */
    void append(Entry entry) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        entry.writeTo(new DataOutputStream(payload));
        byte[] body = payload.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(8 + body.length);
        record.putInt(body.length).putInt((int) crc.getValue()).put(body);
        disk.write(FILE, sizeBytes, record.array(), 0, record.capacity());
        disk.sync(FILE);
        sizeBytes += record.capacity();
    }
}
