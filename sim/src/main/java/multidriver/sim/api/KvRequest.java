package multidriver.sim.api;

/**
 * A client's request, in the shapes of Maelstrom's lin-kv workload: {@code read} (key), {@code write} (key, value),
 * {@code cas} (key, from, to), with {@code null} standing for a missing key (a {@code cas} from {@code null} creates
 * the key). {@code OPEN_SESSION} comes only when the system asks for sessions ({@link SimulatedSystem#sessions}).
 *
 * <p>{@code requestId} is unique per attempt. A client retries an operation it got no answer to, possibly at another
 * node; every retry of one operation carries the same {@code session} and {@code seq} (thesis §6.3), so a system
 * with sessions can run it once. Without sessions they are 0.
 *
 * @param client    the client (a thread of the workload)
 * @param requestId unique per attempt
 * @param kind      what the client asks
 * @param key       the key
 * @param value     the value to write ({@code write}), or the new value ({@code cas}); 0 otherwise
 * @param from      the expected current value of a {@code cas}; {@code null}: the key is missing
 * @param session   the session the system opened for this client, or 0
 * @param seq       the operation's number in its session (1, 2, ...), or 0
 */
public record KvRequest(int client, long requestId, Kind kind, String key, long value, Long from, long session,
                        long seq) {
    /** What a client asks. */
    public enum Kind { READ, WRITE, CAS, OPEN_SESSION }

    public KvRequest {
        if (kind == null || key == null) throw new IllegalArgumentException("a request needs a kind and a key");
    }
}
