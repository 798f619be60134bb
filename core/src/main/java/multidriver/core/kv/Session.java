package multidriver.core.kv;

/**
 * The last command a client had applied and its result, so a retry is answered without applying it again, and a
 * fingerprint of that command, so a different command reusing its sequence number is refused, never answered with
 * another command's result.
 */
record Session(long lastSeq, KvResult lastResult, long lastFingerprint, long lastUsedIndex) {
}
