package multidriver.server.wal;

import java.io.IOException;

/**
 * The WAL holds damage that is not a torn tail: a record that was once durable no longer reads back, or a segment
 * that was sealed is damaged. Recovery refuses to guess: silently dropping acknowledged entries or a recorded vote
 * could break Raft's safety (a second vote in a term, §5.2; a lost committed entry, §5.4). The message names the
 * file, the offset and what to do.
 */
public final class WalCorruptionException extends IOException {
    public WalCorruptionException(String message) {
        super(message);
    }
}
