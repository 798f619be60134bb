package multidriver.server.wal;

import java.io.IOException;

/**
 * The data directory holds no write-ahead log and the node was not started to bootstrap a new cluster. A member
 * that lost its log must not start as a fresh voter: it would forget the votes it cast and could vote a second time
 * in a term it already voted in (§5.2), electing two leaders.
 */
public final class WalMissingException extends IOException {
    public WalMissingException(String message) {
        super(message);
    }
}
