package multidriver.core.kv;

import java.util.Objects;

/**
 * A command of the replicated file store, carried in the log like every {@link KvCommand}. A file is uploaded as
 * {@link Begin}, then {@link Chunk}s of at most {@link #MAX_CHUNK_BYTES} in order, then {@link Commit}, which makes it
 * visible at once (or not at all). The bytes of a chunk are written by the server to the upload's blob on disk when
 * the entry is applied; the state machine keeps only the metadata ({@link FileTable}).
 *
 * <p>File commands need no client session: each is idempotent by construction. The upload id is chosen by the
 * proposer at random; a repeated {@code Begin} of the same upload, a chunk at an offset already received and a
 * repeated {@code Commit} all answer as the first did.
 */
public sealed interface FileCommand extends KvCommand permits FileCommand.Begin, FileCommand.Chunk,
        FileCommand.Commit, FileCommand.Abort, FileCommand.Delete {
    /** A chunk's payload bound: a log entry stays well inside the transport's 4 MiB entry bound. */
    int MAX_CHUNK_BYTES = 1 << 20;

    @Override
    default ClientId clientId() {
        return new ClientId(0);
    }

    @Override
    default long seq() {
        return 0;
    }

    /** Starts upload {@code uploadId} of file {@code name}; it wins only if nothing else commits that name first. */
    record Begin(long uploadId, String name, String owner) implements FileCommand {
        public Begin {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String key() {
            return name;
        }
    }

    /** The upload's bytes at {@code offset}. */
    record Chunk(long uploadId, long offset, byte[] bytes, String owner) implements FileCommand {
        public Chunk {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(owner, "owner");
            if (offset < 0) throw new IllegalArgumentException("negative offset " + offset);
            if (bytes.length > MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("chunk of " + bytes.length + " bytes > " + MAX_CHUNK_BYTES);
            }
        }

        @Override
        public String key() {
            return "";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && c.uploadId == uploadId && c.offset == offset
                    && java.util.Arrays.equals(c.bytes, bytes) && c.owner.equals(owner);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(uploadId) * 31 + Long.hashCode(offset);
        }

        @Override
        public String toString() {
            return "Chunk[" + uploadId + " @" + offset + " +" + bytes.length + "]";
        }
    }

    /**
     * Makes the upload visible as its name: it must hold exactly {@code sizeBytes}; {@code sha256} (hex) and
     * {@code timeMs} are the proposer's, recorded as they are.
     */
    record Commit(long uploadId, long sizeBytes, String sha256, long timeMs, String owner) implements FileCommand {
        public Commit {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String key() {
            return "";
        }
    }

    /** Drops an upload that will not be committed (the client went away, a chunk failed). */
    record Abort(long uploadId, String owner) implements FileCommand {
        public Abort {
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String key() {
            return "";
        }
    }

    /** Removes file {@code name}. Its blob stays on disk until a snapshot no longer needs it. */
    record Delete(String name, String owner) implements FileCommand {
        public Delete {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String key() {
            return name;
        }
    }
}
