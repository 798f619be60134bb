package multidriver.core.kv;

/**
 * The last command a client had applied and its result, so a retry is answered without applying it again, and a
 * fingerprint of that command, so a different command reusing its sequence number is refused, never answered with
 * another command's result. The session belongs to {@code owner}, the credential that registered it.
 */
record Session(String owner, long lastSeq, KvResult lastResult, long lastFingerprint, long lastUsedIndex) {
}
