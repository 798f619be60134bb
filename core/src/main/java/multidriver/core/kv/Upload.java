package multidriver.core.kv;

/**
 * An upload in progress: {@code receivedBytes} of file {@code name} have been applied to blob {@code uploadId}. It
 * began when the name was at {@code baseVersion} (0: absent) under the leader of {@code term}; a later term aborts it.
 */
record Upload(long uploadId, String name, String owner, long baseVersion, long term, long receivedBytes) {
    Upload received(long more) {
        return new Upload(uploadId, name, owner, baseVersion, term, receivedBytes + more);
    }
}
