package multidriver.sim.workload;

/** What a simulated client may do to the world: send, set timers, record its history. */
public interface ClientEnvironment {
    long nowMs();

    int nodes();

    void send(int node, ClientRequest request);

    void scheduleTimeout(int client, long attemptId, long atMs);

    void scheduleWake(int client, long atMs);

    HistoryRecorder history();

    /** For the timeline of the HTML report; may ignore. */
    /**
     * For the timeline: client {@code client}'s op, by {@code process} (its Jepsen process), invoked at history index
     * {@code invokeIndex} and time {@code invokedAtMs}, ended now with {@code outcome}.
     */
    void noteOp(int client, long process, long invokeIndex, long invokedAtMs, String description, String outcome);
}
