package multidriver.core.kv;

/** The last command a client had applied and its result, so a retry is answered without applying it again. */
record Session(long lastSeq, KvResult lastResult, long lastUsedIndex) {
}
