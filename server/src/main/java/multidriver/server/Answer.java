package multidriver.server;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Where one client request's {@link Outcome} goes, exactly once: the first completion wins, later ones are ignored
 * (a request may be answered by the event loop and, in a shutdown race, by the thread that submitted it). The sink
 * is a future in the node and a simulated reply in the simulator; it runs on the completing thread.
 */
public final class Answer {
    private final AtomicReference<Outcome> outcome = new AtomicReference<>();
    private final Consumer<Outcome> sink;
    /** Set before completion, read after it (the completion's hand-off orders the two). */
    private volatile int servedBy = -1;

    public Answer(Consumer<Outcome> sink) {
        this.sink = sink;
    }

    /** Delivers {@code o} unless an outcome was delivered already; returns whether this call delivered it. */
    public boolean complete(Outcome o) {
        if (!outcome.compareAndSet(null, o)) return false;
        sink.accept(o);
        return true;
    }

    public boolean isDone() {
        return outcome.get() != null;
    }

    /** The server that ran the request, when it is not the one it was submitted to (it was forwarded there). */
    void servedBy(int serverId) {
        servedBy = serverId;
    }

    /** The leader a follower forwarded this request to and heard the outcome from, or -1 (run where submitted). */
    public int servedBy() {
        return servedBy;
    }
}
