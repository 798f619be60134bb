package multidriver.cli.cluster;

/** A closed-loop write load for {@code bench}: {@link PutLoad} (this JVM's HTTP client) or {@link WrkLoad} (wrk). */
interface WriteLoad extends AutoCloseable {
    /** What one run measured; latencies in microseconds. */
    record Result(long ok, long non2xx, long errors, long durationUs, long p50Us, long p90Us, long p99Us, long maxUs) {
        double writesPerSec() {
            return ok / (durationUs / 1e6);
        }
    }

    /** One run of {@code connections} clients for {@code durationMs}, each sending its next PUT when answered. */
    Result run(int connections, long durationMs) throws Exception;

    /** A short name for the report ("wrk", "the JVM's HTTP client"). */
    String name();

    @Override
    void close();
}
