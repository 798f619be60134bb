package multidriver.chaos.client;

/** The client threads of one run, whatever their workload. */
public interface ClientLoad {
    void start();

    /** Waits for the clients to finish their last operation (each is bounded by the op deadline). */
    void awaitEnd(long endNsFromNow) throws InterruptedException;
}
