package multidriver.server.io;

/**
 * Time as the server core reads it: a monotonic nanosecond count, used only for client deadlines. Raft's own time
 * enters as ticks ({@code ServerCore.tick()}), driven by the binding: the real clock's period in production, the
 * simulated clock in the simulator.
 */
@FunctionalInterface
public interface Clock {
    long nowNs();
}
