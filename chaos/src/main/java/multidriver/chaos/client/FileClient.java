package multidriver.chaos.client;

/**
 * One client of the files workload: upload whole files and download them. {@code upload} is {@code :ok} when the
 * system acknowledged the file, {@code :fail} only when it surely did not store it, else {@code :info};
 * {@code download} is {@code :ok} with the SHA-256 (hex) of the bytes read, or {@code :ok} with null when the file
 * does not exist. One instance per client thread.
 */
public interface FileClient extends AutoCloseable {
    Completion upload(String name, byte[] content);

    Completion download(String name);

    /** Releases connections; never throws. */
    @Override
    void close();
}
