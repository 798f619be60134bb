package multidriver.node.storage;

/**
 * The WAL holds damage that is not a torn tail (e.g. a bad record inside a sealed, earlier segment). Recovery
 * refuses to guess: silently dropping acknowledged entries could break Raft's Log Matching property (§5.3).
 */
public final class WalCorruptionException extends RuntimeException {
  public WalCorruptionException(String message) {
    super(message);
  }
}
