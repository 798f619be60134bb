package multidriver.core.kv;

/**
 * A committed file: its bytes are blob {@code blobId} (the id of the upload that wrote it), {@code sizeBytes} long,
 * with the SHA-256 (hex) and time its uploader recorded. {@code version} is the index of the entry that committed it:
 * it changes with every new upload of the name, so an upload that began before another committed loses.
 */
public record FileMeta(String name, long blobId, long sizeBytes, String sha256, long timeMs, long version) {
}
