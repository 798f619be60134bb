package multidriver.core.kv;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Binary form of a {@link FileCommand} in a log entry, beside {@link KvCodec}'s tags 1 to 5: begin
 * {@code [6][uploadId][name][owner]}, chunk {@code [7][uploadId][offset][int length][bytes][owner]}, commit
 * {@code [8][uploadId][size][sha256][timeMs][owner]}, abort {@code [9][uploadId][owner]}, delete
 * {@code [10][name][owner]}. Strings are {@code [int length][UTF-8]}; the owner is always present. Decoding trusts
 * nothing, like {@link KvCodec}'s.
 */
final class FileCodec {
    static final byte BEGIN = 6;
    static final byte CHUNK = 7;
    static final byte COMMIT = 8;
    static final byte ABORT = 9;
    static final byte DELETE = 10;

    private FileCodec() {
    }

    static boolean isFileTag(byte tag) {
        return tag >= BEGIN && tag <= DELETE;
    }

    static byte[] encode(FileCommand command) {
        byte[] owner = utf8(command.owner());
        if (command instanceof FileCommand.Begin b) {
            byte[] name = utf8(b.name());
            return ByteBuffer.allocate(1 + 8 + 4 + name.length + 4 + owner.length).put(BEGIN).putLong(b.uploadId())
                    .putInt(name.length).put(name).putInt(owner.length).put(owner).array();
        }
        if (command instanceof FileCommand.Chunk c) {
            return ByteBuffer.allocate(1 + 8 + 8 + 4 + c.bytes().length + 4 + owner.length).put(CHUNK)
                    .putLong(c.uploadId()).putLong(c.offset()).putInt(c.bytes().length).put(c.bytes())
                    .putInt(owner.length).put(owner).array();
        }
        if (command instanceof FileCommand.Commit c) {
            byte[] sha = utf8(c.sha256());
            return ByteBuffer.allocate(1 + 8 + 8 + 4 + sha.length + 8 + 4 + owner.length).put(COMMIT)
                    .putLong(c.uploadId()).putLong(c.sizeBytes()).putInt(sha.length).put(sha).putLong(c.timeMs())
                    .putInt(owner.length).put(owner).array();
        }
        if (command instanceof FileCommand.Abort a) {
            return ByteBuffer.allocate(1 + 8 + 4 + owner.length).put(ABORT).putLong(a.uploadId())
                    .putInt(owner.length).put(owner).array();
        }
        FileCommand.Delete d = (FileCommand.Delete) command;
        byte[] name = utf8(d.name());
        return ByteBuffer.allocate(1 + 4 + name.length + 4 + owner.length).put(DELETE).putInt(name.length).put(name)
                .putInt(owner.length).put(owner).array();
    }

    static FileCommand decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte tag = in.get();
            FileCommand command = switch (tag) {
                case BEGIN -> {
                    long id = in.getLong();
                    String name = string(in);
                    yield new FileCommand.Begin(id, name, string(in));
                }
                case CHUNK -> {
                    long id = in.getLong();
                    long offset = in.getLong();
                    int length = in.getInt();
                    if (length < 0 || length > FileCommand.MAX_CHUNK_BYTES || length > in.remaining()) {
                        throw new IllegalArgumentException("malformed file chunk: " + length + " bytes");
                    }
                    if (offset < 0) throw new IllegalArgumentException("malformed file chunk: offset " + offset);
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    yield new FileCommand.Chunk(id, offset, bytes, string(in));
                }
                case COMMIT -> {
                    long id = in.getLong();
                    long size = in.getLong();
                    String sha = string(in);
                    long time = in.getLong();
                    yield new FileCommand.Commit(id, size, sha, time, string(in));
                }
                case ABORT -> {
                    long id = in.getLong();
                    yield new FileCommand.Abort(id, string(in));
                }
                case DELETE -> {
                    String name = string(in);
                    yield new FileCommand.Delete(name, string(in));
                }
                default -> throw new IllegalArgumentException("unknown file command tag " + tag);
            };
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            return command;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("malformed file command: cut short (" + data.length + " bytes)");
        }
    }

    private static byte[] utf8(String s) {
        return KvCodec.utf8(s);
    }

    private static String string(ByteBuffer in) {
        return KvCodec.string(in);
    }
}
