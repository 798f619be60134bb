package multidriver.core.kv;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The file store's metadata, part of the replicated state machine: committed files by name and uploads in progress
 * by id. The bytes live in blobs on each server's disk, written when chunk entries are applied; this table says
 * which blobs are alive and how long each is. Deterministic (sorted maps, log indexes and terms only), so every
 * replica holds the same table at the same index.
 *
 * <p>Rules: an upload becomes visible only at its {@link FileCommand.Commit}, and only if its name has not been
 * committed by another upload since it began (the loser gets a conflict). An upload still open when an entry of a
 * later term is applied is aborted: its leader changed, so its uploader's remaining chunks cannot be in order any
 * more, and nothing of it was ever visible.
 */
public final class FileTable {
    /** Uploads in progress at once, cluster-wide. */
    public static final int MAX_UPLOADS = 64;
    /** The state machine's own bound on a file; servers refuse larger uploads before they start (HTTP 413). */
    public static final long MAX_FILE_BYTES = 64L << 30;

    private final TreeMap<String, FileMeta> files = new TreeMap<>();
    private final TreeMap<Long, Upload> uploads = new TreeMap<>();
    private long oldestUploadTerm = Long.MAX_VALUE;

    /** Every applied entry: a later term than an upload's aborts it (its leader is gone). */
    void onEntry(long term) {
        if (term <= oldestUploadTerm) return;
        uploads.values().removeIf(u -> u.term() < term);
        oldestUploadTerm = uploads.values().stream().mapToLong(Upload::term).min().orElse(Long.MAX_VALUE);
    }

    KvResult apply(long index, long term, FileCommand command) {
        if (command instanceof FileCommand.Begin b) return begin(term, b);
        if (command instanceof FileCommand.Chunk c) return chunk(c);
        if (command instanceof FileCommand.Commit c) return commit(index, c);
        if (command instanceof FileCommand.Abort a) {
            Upload u = uploads.get(a.uploadId());
            if (u != null && !u.owner().equals(a.owner())) return KvResult.forbidden();
            uploads.remove(a.uploadId());
            return KvResult.ok("aborted");
        }
        FileCommand.Delete d = (FileCommand.Delete) command;
        FileMeta removed = files.remove(d.name());
        return removed == null ? KvResult.notFound() : KvResult.ok(Long.toString(removed.version()));
    }

    private KvResult begin(long term, FileCommand.Begin b) {
        String problem = FileNames.problem(b.name());
        if (problem != null) return KvResult.invalid(problem);
        Upload existing = uploads.get(b.uploadId());
        if (existing != null) {
            return existing.name().equals(b.name()) && existing.owner().equals(b.owner()) ? KvResult.ok("begun")
                    : KvResult.invalid("upload id " + b.uploadId() + " is in use");
        }
        if (b.uploadId() <= 0 || blobInUse(b.uploadId())) {
            return KvResult.invalid("upload id " + b.uploadId() + " is not fresh");
        }
        if (uploads.size() >= MAX_UPLOADS) return KvResult.casMismatch("too many uploads in progress; retry later");
        FileMeta current = files.get(b.name());
        uploads.put(b.uploadId(), new Upload(b.uploadId(), b.name(), b.owner(),
                current == null ? 0 : current.version(), term, 0));
        oldestUploadTerm = Math.min(oldestUploadTerm, term);
        return KvResult.ok("begun");
    }

    private KvResult chunk(FileCommand.Chunk c) {
        Upload u = uploads.get(c.uploadId());
        if (u == null) return KvResult.notFound();
        if (!u.owner().equals(c.owner())) return KvResult.forbidden();
        long end = c.offset() + c.bytes().length;
        if (end <= u.receivedBytes()) return KvResult.ok("duplicate"); // a retry of a chunk already applied
        if (c.offset() != u.receivedBytes()) {
            return KvResult.invalid("chunk at " + c.offset() + ", the upload holds " + u.receivedBytes() + " bytes");
        }
        if (end > MAX_FILE_BYTES) return KvResult.invalid("a file holds at most " + MAX_FILE_BYTES + " bytes");
        uploads.put(u.uploadId(), u.received(c.bytes().length));
        return KvResult.ok(WRITE);
    }

    /** The result of a chunk whose bytes the server must write to the blob now. */
    static final String WRITE = "write";

    private KvResult commit(long index, FileCommand.Commit c) {
        Upload u = uploads.get(c.uploadId());
        if (u == null) {
            FileMeta done = files.values().stream().filter(f -> f.blobId() == c.uploadId()).findFirst().orElse(null);
            // A retry of a commit that was applied: answer as the first time.
            return done != null ? KvResult.ok(Long.toString(done.version())) : KvResult.notFound();
        }
        if (!u.owner().equals(c.owner())) return KvResult.forbidden();
        if (c.sizeBytes() != u.receivedBytes()) {
            return KvResult.invalid("commit of " + c.sizeBytes() + " bytes, the upload holds " + u.receivedBytes());
        }
        uploads.remove(u.uploadId());
        FileMeta current = files.get(u.name());
        long currentVersion = current == null ? 0 : current.version();
        if (currentVersion != u.baseVersion()) {
            return KvResult.casMismatch("another upload of " + u.name() + " committed first");
        }
        files.put(u.name(), new FileMeta(u.name(), u.uploadId(), c.sizeBytes(), c.sha256(), c.timeMs(), index));
        return KvResult.ok(Long.toString(index));
    }

    private boolean blobInUse(long id) {
        if (uploads.containsKey(id)) return true;
        for (FileMeta f : files.values()) if (f.blobId() == id) return true;
        return false;
    }

    public FileMeta file(String name) {
        return files.get(name);
    }

    public SortedMap<String, FileMeta> files() {
        return Collections.unmodifiableSortedMap(files);
    }

    /** Every blob alive, by id, with the length this state holds of it (a committed file's size, an upload's bytes). */
    public SortedMap<Long, Long> blobLengths() {
        TreeMap<Long, Long> out = new TreeMap<>();
        for (FileMeta f : files.values()) out.put(f.blobId(), f.sizeBytes());
        for (Upload u : uploads.values()) out.put(u.uploadId(), u.receivedBytes());
        return out;
    }

    /** The SHA-256 each committed blob must have (an upload in progress has none yet). */
    public SortedMap<Long, String> blobHashes() {
        TreeMap<Long, String> out = new TreeMap<>();
        for (FileMeta f : files.values()) out.put(f.blobId(), f.sha256());
        return out;
    }

    public int uploadCount() {
        return uploads.size();
    }

    boolean isEmpty() {
        return files.isEmpty() && uploads.isEmpty();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(files.size());
        for (FileMeta f : files.values()) {
            writeString(out, f.name());
            out.writeLong(f.blobId());
            out.writeLong(f.sizeBytes());
            writeString(out, f.sha256());
            out.writeLong(f.timeMs());
            out.writeLong(f.version());
        }
        out.writeInt(uploads.size());
        for (Upload u : uploads.values()) {
            out.writeLong(u.uploadId());
            writeString(out, u.name());
            writeString(out, u.owner());
            out.writeLong(u.baseVersion());
            out.writeLong(u.term());
            out.writeLong(u.receivedBytes());
        }
    }

    /** The inverse of {@link #write}; trusts nothing (lengths, order, duplicates, sizes). */
    void read(ByteBuffer in) {
        int fileCount = count(in, 40);
        String previous = null;
        TreeSet<Long> blobs = new TreeSet<>();
        for (int i = 0; i < fileCount; i++) {
            String name = readString(in);
            if (previous != null && previous.compareTo(name) >= 0) throw new IllegalArgumentException("files out of order");
            FileMeta f = new FileMeta(name, in.getLong(), in.getLong(), readString(in), in.getLong(), in.getLong());
            if (f.sizeBytes() < 0 || f.sizeBytes() > MAX_FILE_BYTES || !blobs.add(f.blobId())) {
                throw new IllegalArgumentException("file " + name + ": bad size or a blob used twice");
            }
            files.put(name, f);
            previous = name;
        }
        int uploadCount = count(in, 40);
        if (uploadCount > MAX_UPLOADS) throw new IllegalArgumentException(uploadCount + " uploads > " + MAX_UPLOADS);
        long last = Long.MIN_VALUE;
        for (int i = 0; i < uploadCount; i++) {
            long id = in.getLong();
            Upload u = new Upload(id, readString(in), readString(in), in.getLong(), in.getLong(), in.getLong());
            if (id <= last || !blobs.add(id) || u.receivedBytes() < 0 || u.receivedBytes() > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("upload " + id + ": out of order, a blob used twice or a bad size");
            }
            uploads.put(id, u);
            oldestUploadTerm = Math.min(oldestUploadTerm, u.term());
            last = id;
        }
    }

    void copyFrom(FileTable other) {
        files.putAll(other.files);
        uploads.putAll(other.uploads);
        oldestUploadTerm = other.oldestUploadTerm;
    }

    private static int count(ByteBuffer in, int minBytesEach) {
        return KvStateMachine.count(in, minBytesEach);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        KvStateMachine.writeString(out, s);
    }

    private static String readString(ByteBuffer in) {
        return KvStateMachine.readString(in);
    }
}
